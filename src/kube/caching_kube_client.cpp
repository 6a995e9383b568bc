#include "lecter/kube/caching_kube_client.h"
#include "lecter/base/json_fields.h"

#include <vector>

#include "lecter/kube/label_selector_terms.h"

namespace lecter {
namespace {

using nlohmann::json;

constexpr long kOk = 200;
constexpr long kNotFound = 404;

KubeResult found(json object) { return KubeResult{kOk, std::move(object), "", ""}; }

}  // namespace

CachingKubeClient::CachingKubeClient(KubeClient& direct, const ObjectCaches& caches)
    : direct_(direct), caches_(caches) {}

KubeResult CachingKubeClient::getEndpoints(const ObjectRef& ref) {
  ObjectCache* cache = caches_.find(WatchedKind::Endpoints, ref.ns);
  if (cache != nullptr) {
    CacheLookup lookup = cache->find(ref.name);
    if (lookup.state == CacheLookup::State::Present) return found(std::move(lookup.object));
  }
  KubeResult result = direct_.getEndpoints(ref);
  if (cache != nullptr && result.ok()) cache->writeThrough(result.object);
  if (cache != nullptr && result.notFound()) cache->removeThrough(ref.name);
  return result;
}

KubeResult CachingKubeClient::putEndpoints(const ObjectRef& ref, const json& object) {
  KubeResult result = direct_.putEndpoints(ref, object);
  afterWrite(caches_.find(WatchedKind::Endpoints, ref.ns), ref.name, result);
  return result;
}

KubeResult CachingKubeClient::getService(const ObjectRef& ref) {
  if (ObjectCache* cache = caches_.find(WatchedKind::Services, ref.ns)) {
    CacheLookup lookup = cache->find(ref.name);
    if (lookup.state == CacheLookup::State::Present) return found(std::move(lookup.object));
    if (lookup.state == CacheLookup::State::Absent) {
      // The watch of Services has no selector: not there means not in the ApiServer either.
      return KubeResult{kNotFound, nullptr, "NotFound", "services \"" + ref.name + "\" not found"};
    }
  }
  return direct_.getService(ref);
}

KubeResult CachingKubeClient::createEvent(const std::string& ns, const json& event) {
  return direct_.createEvent(ns, event);
}

KubeResult CachingKubeClient::listEndpointSlices(const std::string& ns, const std::string& label_selector) {
  ObjectCache* cache = caches_.find(WatchedKind::EndpointSlices, ns);
  const auto terms = equalityTerms(label_selector);
  if (cache == nullptr || !terms) return direct_.listEndpointSlices(ns, label_selector);
  const auto selects = [&terms](const json& object) { return carriesLabels(object, *terms); };
  if (auto items = cache->list(selects)) {
    return found(json{{"kind", "EndpointSliceList"},
                      {"apiVersion", "discovery.k8s.io/v1"},
                      {"metadata", json::object()},
                      {"items", std::move(*items)}});
  }
  KubeResult result = direct_.listEndpointSlices(ns, label_selector);
  if (result.ok() && result.object.contains("items") && result.object["items"].is_array()) {
    cache->refreshFrom(result.object["items"].get<std::vector<json>>(), selects);
  }
  return result;
}

KubeResult CachingKubeClient::createEndpointSlice(const std::string& ns, const json& object) {
  KubeResult result = direct_.createEndpointSlice(ns, object);
  afterWrite(caches_.find(WatchedKind::EndpointSlices, ns), metadataString(object, "name"), result);
  return result;
}

KubeResult CachingKubeClient::putEndpointSlice(const ObjectRef& ref, const json& object) {
  KubeResult result = direct_.putEndpointSlice(ref, object);
  afterWrite(caches_.find(WatchedKind::EndpointSlices, ref.ns), ref.name, result);
  return result;
}

KubeResult CachingKubeClient::deleteEndpointSlice(const ObjectRef& ref) {
  KubeResult result = direct_.deleteEndpointSlice(ref);
  ObjectCache* cache = caches_.find(WatchedKind::EndpointSlices, ref.ns);
  if (cache == nullptr) return result;
  if (result.ok()) {
    cache->removeThrough(ref.name);
  } else if (result.notFound() || result.conflict()) {
    cache->invalidate(ref.name);
  }
  return result;
}

void CachingKubeClient::afterWrite(ObjectCache* cache, const std::string& name, const KubeResult& result) {
  if (cache == nullptr || name.empty()) return;
  if (result.ok() && result.object.is_object()) {
    cache->writeThrough(result.object);
  } else if (result.conflict() || result.notFound()) {
    // The cache was behind the ApiServer: the retry must read the object itself.
    cache->invalidate(name);
  }
}

}  // namespace lecter
