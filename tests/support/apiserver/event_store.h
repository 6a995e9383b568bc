#pragma once
/// The fixture's core/v1 Events, created with POST /api/v1/namespaces/NS/events and checked as the
/// apiserver does (pkg/registry/core/event strategy and pkg/apis/core/validation/events.go):
/// - the body decodes as a v1 Event (400 otherwise);
/// - its metadata.namespace, when set, is the URL's (400 BadRequest "the namespace of the provided
///   object does not match the namespace sent on the request", from the create handler);
/// - metadata.name is required (422, ValidateObjectMeta: "name or generateName is required");
/// - involvedObject.namespace equals the event's namespace (422, legacyValidateEvent);
/// - a name already taken is 409 AlreadyExists.
/// Stricter than the server, on purpose: involvedObject.kind and .name, reason and message are
/// required too (422 Required value). The server demands reason only of new-style events (with
/// eventTime), but an Event without them tells `kubectl describe` nothing, so lecter must send them.
/// Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/endpoints_store.h"

namespace lecter::testing {

class EventStore {
 public:
  /// A POST of `object` to namespace `ns`: 201 with the stored event, or a Status with its code.
  WriteOutcome create(const std::string& ns, nlohmann::json object);
  /// Every event created, oldest first.
  [[nodiscard]] const std::vector<nlohmann::json>& all() const { return events_; }
  void clear() { events_.clear(); }

 private:
  std::vector<nlohmann::json> events_;
  std::set<std::pair<std::string, std::string>> names_;
  std::uint64_t resource_version_ = 9000;
  std::uint64_t uids_made_ = 0;
};

}  // namespace lecter::testing
