#pragma once
/// A KubeClient that answers reads from the watch caches (ObjectCaches) when they can be trusted, and
/// sends everything else to the direct client, so a steady cycle costs the ApiServer nothing:
/// - getEndpoints: the cached object when its cache is synced and holds it; otherwise a GET (an
///   object not labelled by lecter yet is not in the watch).
/// - getService: from the synced Service cache; absent there is a 404 NotFound (that watch has no
///   selector, so it sees every Service).
/// - listEndpointSlices: from the synced slice cache, filtered by the selector's equality terms;
///   absent is an empty list (every slice of lecter carries its managed-by label).
/// - writes go to the direct client; an answer is written through into the cache (the next cycle must
///   not mistake its own write for drift); a 409 or 404 invalidates the entry so the retry reads
///   directly. Events are not cached.
/// Not thread-safe, like the direct client: the reconciler's thread only (the caches are thread-safe).

#include <string>

#include "lecter/kube/kube_client.h"
#include "lecter/kube/watch_cache.h"

namespace lecter {

class CachingKubeClient final : public KubeClient {
 public:
  CachingKubeClient(KubeClient& direct, const ObjectCaches& caches);

  KubeResult getEndpoints(const ObjectRef& ref) override;
  KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) override;
  KubeResult getService(const ObjectRef& ref) override;
  KubeResult createEvent(const std::string& ns, const nlohmann::json& event) override;
  KubeResult listEndpointSlices(const std::string& ns, const std::string& label_selector) override;
  KubeResult createEndpointSlice(const std::string& ns, const nlohmann::json& object) override;
  KubeResult putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) override;
  KubeResult deleteEndpointSlice(const ObjectRef& ref) override;

 private:
  /// Writes `result` of a write of `name` through into `cache` (may be null).
  static void afterWrite(ObjectCache* cache, const std::string& name, const KubeResult& result);

  KubeClient& direct_;
  const ObjectCaches& caches_;
};

}  // namespace lecter
