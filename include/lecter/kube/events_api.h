#pragma once
/// Posting core/v1 Events, as EventRecorder needs it.

#include <string>

#include <nlohmann/json.hpp>

#include "lecter/kube/kube_result.h"

namespace lecter {

class EventsApi {
 public:
  virtual ~EventsApi() = default;
  /// POST of an Event into namespace `ns` (the event's metadata.namespace).
  virtual KubeResult createEvent(const std::string& ns, const nlohmann::json& event) = 0;
};

}  // namespace lecter
