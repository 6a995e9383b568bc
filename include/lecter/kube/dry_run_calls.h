#pragma once
/// --dry-run: the writers' reads go to the ApiServer, their writes never do. A write is answered as
/// the ApiServer would answer it (the object back), so the cycle runs as it would, and the caller
/// prints what was written from the cycle's report. A read that fails is answered as "not there", so
/// the plan shows the whole object it would write, and why the live object is unknown is kept for the
/// report. Events are dropped.

#include <map>
#include <optional>
#include <string>

#include "lecter/kube/events_api.h"
#include "lecter/kube/kube_calls.h"

namespace lecter {

class DryRunCalls final : public KubeCalls, public EventsApi {
 public:
  explicit DryRunCalls(KubeCalls& reads);

  void start(const KubeCall& call, KubeDone done) override;
  std::size_t poll(std::chrono::milliseconds max_wait) override { return reads_.poll(max_wait); }
  KubeResult createEvent(const std::string& ns, const nlohmann::json& event) override;

  /// Why the live object(s) of Service ns/name could not be read this cycle, if they could not.
  [[nodiscard]] std::optional<std::string> unknownLive(const ObjectRef& service) const;
  /// Forgets the unknown reads (a new cycle).
  void clear() { unknown_.clear(); }

 private:
  KubeCalls& reads_;
  std::map<std::string, std::string> unknown_;  // "ns/name" of the Service → why
};

}  // namespace lecter
