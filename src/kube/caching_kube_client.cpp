#include "lecter/kube/caching_kube_client.h"

#include "http_status.h"

#include <utility>
#include <vector>

#include "lecter/base/json_fields.h"
#include "lecter/kube/label_selector_terms.h"

namespace lecter {

using http_status::kNotFound;
using http_status::kOk;
namespace {

using nlohmann::json;

KubeResult found(json object) { return KubeResult{kOk, std::move(object), "", ""}; }

}  // namespace

CachingKubeClient::CachingKubeClient(KubeCalls& direct_calls, ServicesApi& direct_services,
                                     const ObjectCaches& caches)
    : direct_calls_(direct_calls), direct_services_(direct_services), caches_(caches) {}

void CachingKubeClient::start(const KubeCall& call, KubeDone done) {
  if (auto cached = cachedRead(call)) {
    done(std::move(*cached));
    return;
  }
  // What learn() needs of the call, without the object sent (its answer is what the cache takes).
  KubeCall about{call.verb, call.ref, nullptr, call.label_selector};
  direct_calls_.start(call, [this, about = std::move(about), done = std::move(done)](KubeResult result) {
    learn(about, result);
    done(std::move(result));
  });
}

std::optional<KubeResult> CachingKubeClient::cachedRead(const KubeCall& call) const {
  if (call.verb == KubeVerb::GetEndpoints) {
    ObjectCache* cache = caches_.find(WatchedKind::Endpoints, call.ref.ns);
    if (cache == nullptr) return std::nullopt;
    CacheLookup lookup = cache->find(call.ref.name);
    if (lookup.state == CacheLookup::State::Present) return found(std::move(lookup.object));
    return std::nullopt;
  }
  if (call.verb == KubeVerb::ListEndpointSlices) {
    ObjectCache* cache = caches_.find(WatchedKind::EndpointSlices, call.ref.ns);
    const auto terms = equalityTerms(call.label_selector);
    if (cache == nullptr || !terms) return std::nullopt;
    auto items = cache->listLabelled(*terms);
    if (!items) return std::nullopt;
    return found(json{{"kind", "EndpointSliceList"},
                      {"apiVersion", "discovery.k8s.io/v1"},
                      {"metadata", json::object()},
                      {"items", std::move(*items)}});
  }
  return std::nullopt;
}

void CachingKubeClient::learn(const KubeCall& call, const KubeResult& result) const {
  const bool slices = call.verb != KubeVerb::GetEndpoints && call.verb != KubeVerb::PutEndpoints;
  ObjectCache* cache =
      caches_.find(slices ? WatchedKind::EndpointSlices : WatchedKind::Endpoints, call.ref.ns);
  if (cache == nullptr) return;
  switch (call.verb) {
    case KubeVerb::GetEndpoints:
      if (result.ok()) cache->writeThrough(result.object);
      if (result.notFound()) cache->removeThrough(call.ref.name);
      return;
    case KubeVerb::ListEndpointSlices: {
      const auto terms = equalityTerms(call.label_selector);
      if (!terms || !result.ok() || !result.object.contains("items") || !result.object["items"].is_array())
        return;
      cache->refreshFrom(result.object["items"].get<std::vector<json>>(),
                         [&terms](const json& object) { return carriesLabels(object, *terms); });
      return;
    }
    case KubeVerb::DeleteEndpointSlice:
      if (result.ok()) {
        cache->removeThrough(call.ref.name);
      } else if (result.notFound() || result.conflict()) {
        cache->invalidate(call.ref.name);
      }
      return;
    case KubeVerb::PutEndpoints:
    case KubeVerb::CreateEndpointSlice:
    case KubeVerb::PutEndpointSlice:
      if (call.ref.name.empty()) return;
      if (result.ok() && result.object.is_object()) {
        cache->writeThrough(result.object);
      } else if (result.conflict() || result.notFound()) {
        // The cache was behind the ApiServer: the retry must read the object itself.
        cache->invalidate(call.ref.name);
      }
      return;
  }
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
  return direct_services_.getService(ref);
}

}  // namespace lecter
