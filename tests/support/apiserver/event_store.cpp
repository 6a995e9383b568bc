#include "support/apiserver/event_store.h"

#include <cstdio>

#include "support/apiserver/endpoints_validation.h"
#include "support/apiserver/json_fields.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

// NewInvalid(Kind "Event", name, errors), worded as the Endpoints one.
json invalidEventStatus(const std::string& name, const std::vector<FieldError>& errors) {
  json status = invalidEndpointsStatus(name, errors);
  std::string message = status["message"];
  message.replace(0, std::string("Endpoints").size(), "Event");
  status["message"] = message;
  status["details"]["kind"] = "Event";
  return status;
}

}  // namespace

WriteOutcome EventStore::create(const std::string& ns, json object) {
  if (!object.is_object()) {
    return {400,
            badRequestStatus("Event in version \"v1\" cannot be handled as a Event: json: cannot unmarshal "
                             "non-object into Go value of type v1.Event")};
  }
  const std::string kind = stringAt(object, "kind");
  if (!kind.empty() && kind != "Event") {
    return {400, badRequestStatus(kind + " in version \"v1\" cannot be handled as a Event: converting (v1." +
                                  kind + ") to (core.Event): unknown conversion")};
  }
  if (!object.contains("metadata") || !object["metadata"].is_object()) object["metadata"] = json::object();
  json& metadata = object["metadata"];
  const std::string body_ns = stringAt(metadata, "namespace");
  if (!body_ns.empty() && body_ns != ns) {
    return {400, badRequestStatus("the namespace of the provided object does not match the namespace sent on "
                                  "the request")};
  }
  metadata["namespace"] = ns;  // the create handler fills in an empty namespace from the URL
  const std::string name = stringAt(metadata, "name");

  std::vector<FieldError> errors;
  auto required = [&errors](const std::string& field, const std::string& detail) {
    errors.push_back(
        {"FieldValueRequired", field, detail.empty() ? "Required value" : "Required value: " + detail});
  };
  if (name.empty() && stringAt(metadata, "generateName").empty())
    required("metadata.name", "name or generateName is required");
  const json involved = object.value("involvedObject", json::object());
  const std::string involved_ns = stringAt(involved, "namespace");
  if (involved_ns != ns && !(involved_ns.empty() && ns == "default")) {
    errors.push_back({"FieldValueInvalid", "involvedObject.namespace",
                      "Invalid value: " + quoted(involved_ns) + ": does not match event.namespace"});
  }
  if (stringAt(involved, "kind").empty()) required("involvedObject.kind", "");
  if (stringAt(involved, "name").empty()) required("involvedObject.name", "");
  if (stringAt(object, "reason").empty()) required("reason", "");
  if (stringAt(object, "message").empty()) required("message", "");
  if (!errors.empty()) return {422, invalidEventStatus(name, errors)};

  if (!names_.insert({ns, name}).second) {
    return {409, statusBody(409, "AlreadyExists", "events " + quoted(name) + " already exists",
                            {{"name", name}, {"kind", "events"}})};
  }
  object["kind"] = "Event";
  object["apiVersion"] = "v1";
  char uid[40];
  std::snprintf(uid, sizeof uid, "e0000000-0000-4000-8000-%012llu",
                static_cast<unsigned long long>(++uids_made_));
  metadata["uid"] = uid;
  metadata["resourceVersion"] = std::to_string(++resource_version_);
  events_.push_back(object);
  return {201, object};
}

}  // namespace lecter::testing
