#pragma once
/// The writers' calls and Service reads answered from the watch caches (ObjectCaches) when they can be
/// trusted, everything else sent on to the direct client, so a steady cycle costs the ApiServer nothing:
/// - GetEndpoints: the cached object when its cache is synced and holds it; otherwise a GET (an
///   object not labelled by lecter yet is not in the watch).
/// - getService: from the synced Service cache; absent there is a 404 NotFound (that watch has no
///   selector, so it sees every Service).
/// - ListEndpointSlices: from the synced slice cache, filtered by the selector's equality terms;
///   absent is an empty list (every slice of lecter carries its managed-by label).
/// - writes go to the direct client; an answer is written through into the cache (the next cycle must
///   not mistake its own write for drift); a 409 or 404 invalidates the entry so the retry reads
///   directly.
/// Not thread-safe, like the direct client: the reconciler's thread only (the caches are thread-safe).

#include <string>

#include "lecter/kube/kube_calls.h"
#include "lecter/kube/services_api.h"
#include "lecter/kube/watch_cache.h"

namespace lecter {

class CachingKubeClient final : public KubeCalls, public ServicesApi {
 public:
  CachingKubeClient(KubeCalls& direct_calls, ServicesApi& direct_services, const ObjectCaches& caches);

  void start(const KubeCall& call, KubeDone done) override;
  std::size_t poll(std::chrono::milliseconds max_wait) override { return direct_calls_.poll(max_wait); }
  KubeResult getService(const ObjectRef& ref) override;

 private:
  /// The cache's answer to a read, when it can give one.
  [[nodiscard]] std::optional<KubeResult> cachedRead(const KubeCall& call) const;
  /// What the direct client's `result` to `call` changes in the caches.
  void learn(const KubeCall& call, const KubeResult& result) const;

  KubeCalls& direct_calls_;
  ServicesApi& direct_services_;
  const ObjectCaches& caches_;
};

}  // namespace lecter
