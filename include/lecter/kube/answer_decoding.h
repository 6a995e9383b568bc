#pragma once
/// What an ApiServer answer must be before lecter uses it. Every answer is untrusted: a 200 may carry
/// another kind (a Status, a Service), a field may have another JSON type, a body may nest deeply.
/// Each kind lecter reads is checked here once — `kind` and `apiVersion` against what was asked, the
/// identity against the request, and every field lecter reads (or sends back in a PUT) for its type —
/// so no write is ever computed from an answer that could not be read. Unknown fields are ignored.
/// Pure.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lecter {

/// The kinds of object lecter asks the ApiServer for.
enum class ObjectKind {
  Endpoints,          // v1
  EndpointSlice,      // discovery.k8s.io/v1
  Service,            // v1
  Event,              // v1 (the answer to lecter's POST)
  EndpointsList,      // v1, items of Endpoints
  EndpointSliceList,  // discovery.k8s.io/v1, items of EndpointSlice
  ServiceList,        // v1, items of Service
  DeleteResult,       // the answer to a DELETE: a Status (Success) or the deleted object
  Lease,              // coordination.k8s.io/v1 (leader election and shards)
  LeaseList,          // coordination.k8s.io/v1, items of Lease (the shards' view)
};

/// "Endpoints", "EndpointSliceList", …
std::string kindName(ObjectKind kind);
/// "v1", "discovery.k8s.io/v1" or "coordination.k8s.io/v1".
std::string apiVersionOf(ObjectKind kind);
/// The kind of a list's items (Endpoints for EndpointsList); the kind itself for others.
ObjectKind itemKindOf(ObjectKind list_kind);
/// The list of `item_kind` (EndpointsList for Endpoints); the kind itself when it has none.
ObjectKind listKindOf(ObjectKind item_kind);
/// The kind named `name` ("Endpoints", "EndpointSlice", "Service", …), if lecter reads it.
std::optional<ObjectKind> objectKindNamed(std::string_view name);

/// What one request asked for.
struct ExpectedObject {
  ObjectKind kind = ObjectKind::Endpoints;
  std::string ns;    // metadata.namespace must be this when present; empty: not checked
  std::string name;  // metadata.name must be this; empty: not checked
};

/// Why `object` is not a usable answer of the expected kind — "metadata.resourceVersion: expected a
/// string, got a number", "kind: expected Endpoints, got Status" — or nullopt when it is. An object
/// (not a list) must carry metadata.name and metadata.resourceVersion: a PUT computed from an object
/// without its version would be an unconditional overwrite.
std::optional<std::string> answerProblem(const nlohmann::json& object, const ExpectedObject& expected);

/// The same for one item of a list or the object of a watch event, whose `kind` and `apiVersion` may
/// be absent (list items come without them) but must match when present.
std::optional<std::string> itemProblem(const nlohmann::json& object, ObjectKind kind);

/// A Kubernetes `Status` (the body of every error answer, the object of a watch ERROR event), read
/// field by field: a field of another type reads as absent.
struct StatusFields {
  long code = 0;
  std::string reason;   // e.g. Conflict, NotFound, Expired
  std::string message;  // may echo request headers: scrub before logging
};

/// `body` as a Status when it is one (kind Status), else nullopt.
std::optional<StatusFields> statusOf(const nlohmann::json& body);

/// The Status fields of `object` whatever its kind says (a watch ERROR event's object).
StatusFields statusFieldsOf(const nlohmann::json& object);

}  // namespace lecter
