#pragma once
/// The list + watch caches of lecter (issue 4, "Watch cache"): per namespace of the configured
/// services, the Services (every one: lecter reads ports, selector and uid) and the objects lecter owns
/// (Endpoints labelled app.kubernetes.io/managed-by=lecter, or EndpointSlices labelled
/// endpointslice.kubernetes.io/managed-by=lecter). WatchCache runs one ListWatcher per collection, each
/// on its own thread with its own HttpClient; CachingKubeClient reads the caches.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "lecter/kube/http_client.h"
#include "lecter/kube/list_watcher.h"
#include "lecter/kube/object_cache.h"
#include "lecter/kube/token_source.h"

namespace lecter {

enum class WatchedKind { Services, Endpoints, EndpointSlices };

/// One collection to keep in a cache.
struct WatchedCollection {
  WatchedKind kind = WatchedKind::Endpoints;
  ListWatchSpec spec;
};

/// The collections to watch for services in `namespaces`: Services, and Endpoints (or, with
/// `endpoint_slices`, EndpointSlices) selected by lecter's managed-by label. Paths keep the prefix
/// `endpoint_api` has before /api/v1 (an ApiServer behind a proxy path).
std::vector<WatchedCollection> watchedCollectionsFor(const std::vector<std::string>& namespaces,
                                                     bool endpoint_slices, const std::string& endpoint_api);

/// The caches by kind and namespace. Thread-safe once built (the caches are; the map is not changed).
class ObjectCaches {
 public:
  /// Adds the cache of `kind` in `ns`; its required labels are the selector's equality terms.
  ObjectCache& add(WatchedKind kind, const std::string& ns, const std::string& description,
                   const std::string& label_selector);
  /// The cache of `kind` in `ns`, or nullptr when that collection is not watched.
  [[nodiscard]] ObjectCache* find(WatchedKind kind, const std::string& ns) const;

 private:
  std::map<std::pair<WatchedKind, std::string>, std::unique_ptr<ObjectCache>> caches_;
};

class WatchCache {
 public:
  using HttpFactory = std::function<std::unique_ptr<HttpClient>()>;
  using PacingFactory = std::function<ListWatchPacing()>;
  /// A watch of `resource` ("services", "endpoints", "endpointslices") started again, and why
  /// (ListWatcher::onRestart). Called on the watch's thread.
  using RestartHook = std::function<void(std::string_view resource, std::string_view reason)>;

  /// Starts one thread per collection, each with an HttpClient from `make_http`.
  WatchCache(const std::vector<WatchedCollection>& collections, const HttpFactory& make_http,
             TokenSource& tokens, const PacingFactory& make_pacing = realPacing, ListWatchTiming timing = {},
             const RestartHook& on_restart = {});
  /// Stops and joins every thread.
  ~WatchCache();
  WatchCache(const WatchCache&) = delete;
  WatchCache& operator=(const WatchCache&) = delete;

  [[nodiscard]] const ObjectCaches& caches() const { return caches_; }
  /// Asks every watch to stop and waits for them: each ends within a fraction of a second.
  void stop();

 private:
  struct Worker {
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<ListWatcher> watcher;
  };
  ObjectCaches caches_;
  std::vector<Worker> workers_;
  std::vector<std::jthread> threads_;  // last: joined before the workers they use are destroyed
};

}  // namespace lecter
