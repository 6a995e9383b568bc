#include "lecter/kube/watch_cache.h"

#include <algorithm>
#include <set>

#include "api_prefix.h"
#include "lecter/kube/label_selector_terms.h"

namespace lecter {
namespace {

// The labels of lecter's own objects: Kubernetes' recommended label for the managing tool on
// Endpoints, and the EndpointSlice's own managed-by label (discovery.k8s.io/v1, LabelManagedBy).
constexpr const char* kEndpointsSelector = "app.kubernetes.io/managed-by=lecter";
constexpr const char* kEndpointSlicesSelector = "endpointslice.kubernetes.io/managed-by=lecter";

struct KindNames {
  const char* plural;    // for logs: "Endpoints in prod"
  const char* resource;  // as in a URL: lecter_watch_restarts_total's label
};

KindNames namesOf(WatchedKind kind) {
  switch (kind) {
    case WatchedKind::Services:
      return {"Services", "services"};
    case WatchedKind::Endpoints:
      return {"Endpoints", "endpoints"};
    case WatchedKind::EndpointSlices:
      return {"EndpointSlices", "endpointslices"};
  }
  return {"?", "?"};
}

}  // namespace

std::vector<WatchedCollection> watchedCollectionsFor(const std::vector<std::string>& namespaces,
                                                     bool endpoint_slices, const std::string& endpoint_api) {
  const std::string prefix = apiPrefixOf(endpoint_api);
  const std::set<std::string> distinct(namespaces.begin(), namespaces.end());
  std::vector<WatchedCollection> out;
  for (const auto& ns : distinct) {
    const std::string core = prefix + "/api/v1/namespaces/" + ns;
    out.push_back({WatchedKind::Services, {"Service", "v1", ns, core + "/services", ""}});
    if (endpoint_slices) {
      out.push_back({WatchedKind::EndpointSlices,
                     {"EndpointSlice", "discovery.k8s.io/v1", ns,
                      prefix + "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices",
                      kEndpointSlicesSelector}});
    } else {
      out.push_back(
          {WatchedKind::Endpoints, {"Endpoints", "v1", ns, core + "/endpoints", kEndpointsSelector}});
    }
  }
  return out;
}

ObjectCache& ObjectCaches::add(WatchedKind kind, const std::string& ns, const std::string& description,
                               const std::string& label_selector) {
  auto terms = equalityTerms(label_selector);
  auto cache = std::make_unique<ObjectCache>(description, terms ? *terms : LabelTerms{});
  ObjectCache& added = *cache;
  caches_[{kind, ns}] = std::move(cache);
  return added;
}

ObjectCache* ObjectCaches::find(WatchedKind kind, const std::string& ns) const {
  const auto it = caches_.find({kind, ns});
  return it == caches_.end() ? nullptr : it->second.get();
}

WatchCache::WatchCache(const std::vector<WatchedCollection>& collections, const HttpFactory& make_http,
                       TokenSource& tokens, const PacingFactory& make_pacing, ListWatchTiming timing,
                       const RestartHook& on_restart) {
  for (const auto& collection : collections) {
    ObjectCache& cache =
        caches_.add(collection.kind, collection.spec.ns,
                    std::string(namesOf(collection.kind).plural) + " in " + collection.spec.ns,
                    collection.spec.label_selector);
    Worker worker;
    worker.http = make_http();
    worker.watcher =
        std::make_unique<ListWatcher>(*worker.http, tokens, cache, collection.spec, make_pacing(), timing);
    if (on_restart) {
      worker.watcher->onRestart([on_restart, resource = namesOf(collection.kind).resource](
                                    std::string_view reason) { on_restart(resource, reason); });
    }
    workers_.push_back(std::move(worker));
  }
  // Started only once every cache exists, so readers never see the map change.
  for (auto& worker : workers_) {
    threads_.emplace_back([watcher = worker.watcher.get()](std::stop_token stop) { watcher->run(stop); });
  }
}

WatchCache::~WatchCache() { stop(); }

void WatchCache::stop() {
  // Every watch is told first, so they wind down together rather than one after another.
  for (auto& thread : threads_) thread.request_stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace lecter
