#include "lecter/kube/answer_decoding.h"

#include <functional>

#include "lecter/base/json_fields.h"
#include "lecter/base/one_line.h"

namespace lecter {
namespace {

using nlohmann::json;
using Problem = std::optional<std::string>;

std::string typeOf(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    default:
      return "an unreadable value";
  }
}

Problem wrongType(const std::string& path, const char* wanted, const json& value) {
  return path + ": expected " + wanted + ", got " + typeOf(value);
}

std::string member(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

std::string element(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

enum class Need { Optional, Required };

Problem requireObject(const json& value, const std::string& path) {
  if (!value.is_object()) return wrongType(path, "an object", value);
  return std::nullopt;
}

/// A string member; null counts as absent, as the ApiServer omits empty fields.
Problem stringField(const json& object, const char* key, const std::string& path, Need need) {
  const json& value = jsonMember(object, key);
  if (value.is_string()) return std::nullopt;
  if (value.is_null()) {
    if (need == Need::Required) return member(path, key) + ": missing";
    return std::nullopt;
  }
  return wrongType(member(path, key), "a string", value);
}

/// A string member that must equal `wanted` when `wanted` is set and the member is present.
Problem matchingString(const json& object, const char* key, const std::string& path,
                       const std::string& wanted, Need need) {
  if (auto problem = stringField(object, key, path, need)) return problem;
  const json& value = jsonMember(object, key);
  if (!wanted.empty() && value.is_string() && value.get_ref<const std::string&>() != wanted) {
    return member(path, key) + ": expected " + wanted + ", got " + oneLine(value.get<std::string>());
  }
  return std::nullopt;
}

Problem integerField(const json& object, const char* key, const std::string& path, Need need) {
  const json& value = jsonMember(object, key);
  if (value.is_number_integer()) return std::nullopt;
  if (value.is_null() && need == Need::Optional) return std::nullopt;
  if (value.is_null()) return member(path, key) + ": missing";
  return wrongType(member(path, key), "an integer", value);
}

Problem booleanField(const json& object, const char* key, const std::string& path) {
  const json& value = jsonMember(object, key);
  if (value.is_null() || value.is_boolean()) return std::nullopt;
  return wrongType(member(path, key), "a boolean", value);
}

/// A Service port's targetPort: a number or a named port.
Problem intOrStringField(const json& object, const char* key, const std::string& path) {
  const json& value = jsonMember(object, key);
  if (value.is_null() || value.is_number_integer() || value.is_string()) return std::nullopt;
  return wrongType(member(path, key), "an integer or a string", value);
}

Problem objectField(const json& object, const char* key, const std::string& path) {
  const json& value = jsonMember(object, key);
  if (value.is_null() || value.is_object()) return std::nullopt;
  return wrongType(member(path, key), "an object", value);
}

/// labels, annotations, selectors: string → string.
Problem stringMapField(const json& object, const char* key, const std::string& path) {
  const json& value = jsonMember(object, key);
  if (value.is_null()) return std::nullopt;
  const std::string here = member(path, key);
  if (!value.is_object()) return wrongType(here, "a map of strings", value);
  for (const auto& [name, entry] : value.items()) {
    if (!entry.is_string()) return wrongType(here + "." + oneLine(name), "a string", entry);
  }
  return std::nullopt;
}

/// An array member whose elements each pass `check` (absent or null: no elements).
Problem arrayField(const json& object, const char* key, const std::string& path,
                   const std::function<Problem(const json&, const std::string&)>& check) {
  const json& value = jsonMember(object, key);
  if (value.is_null()) return std::nullopt;
  const std::string here = member(path, key);
  if (!value.is_array()) return wrongType(here, "an array", value);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto problem = check(value[i], element(here, i))) return problem;
  }
  return std::nullopt;
}

Problem stringElement(const json& value, const std::string& path) {
  if (value.is_string()) return std::nullopt;
  return wrongType(path, "a string", value);
}

/// Stops at the first problem of a list of checks.
Problem firstOf(std::initializer_list<std::function<Problem()>> checks) {
  for (const auto& check : checks) {
    if (auto problem = check()) return problem;
  }
  return std::nullopt;
}

Problem ownerReference(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  return firstOf({
      [&] { return stringField(value, "apiVersion", path, Need::Optional); },
      [&] { return stringField(value, "kind", path, Need::Optional); },
      [&] { return stringField(value, "name", path, Need::Optional); },
      [&] { return stringField(value, "uid", path, Need::Optional); },
      [&] { return booleanField(value, "controller", path); },
      [&] { return booleanField(value, "blockOwnerDeletion", path); },
  });
}

struct MetadataRules {
  std::string ns;
  std::string name;
  bool is_list = false;           // a list's metadata: resourceVersion only
  bool identity_required = true;  // name and resourceVersion must be there (not for an Event lecter posted)
};

Problem metadata(const json& object, const MetadataRules& rules) {
  const json& value = jsonMember(object, "metadata");
  const std::string path = "metadata";
  if (value.is_null()) return path + ": missing";
  if (auto problem = requireObject(value, path)) return problem;
  if (rules.is_list) return stringField(value, "resourceVersion", path, Need::Required);
  const Need identity = rules.identity_required ? Need::Required : Need::Optional;
  return firstOf({
      [&] { return matchingString(value, "name", path, rules.name, identity); },
      [&] { return matchingString(value, "namespace", path, rules.ns, Need::Optional); },
      [&] { return stringField(value, "resourceVersion", path, identity); },
      [&] { return stringField(value, "uid", path, Need::Optional); },
      [&] { return stringField(value, "generateName", path, Need::Optional); },
      [&] { return stringMapField(value, "labels", path); },
      [&] { return stringMapField(value, "annotations", path); },
      [&] { return arrayField(value, "ownerReferences", path, ownerReference); },
      [&] { return arrayField(value, "finalizers", path, stringElement); },
  });
}

Problem endpointAddress(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  return firstOf({
      [&] { return stringField(value, "ip", path, Need::Required); },
      [&] { return stringField(value, "hostname", path, Need::Optional); },
      [&] { return stringField(value, "nodeName", path, Need::Optional); },
      [&] { return objectField(value, "targetRef", path); },
  });
}

Problem endpointPort(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  return firstOf({
      [&] { return integerField(value, "port", path, Need::Required); },
      [&] { return stringField(value, "name", path, Need::Optional); },
      [&] { return stringField(value, "protocol", path, Need::Optional); },
      [&] { return stringField(value, "appProtocol", path, Need::Optional); },
  });
}

Problem endpointSubset(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  return firstOf({
      [&] { return arrayField(value, "addresses", path, endpointAddress); },
      [&] { return arrayField(value, "notReadyAddresses", path, endpointAddress); },
      [&] { return arrayField(value, "ports", path, endpointPort); },
  });
}

Problem endpointsBody(const json& object) { return arrayField(object, "subsets", "", endpointSubset); }

Problem sliceConditions(const json& value, const std::string& path) {
  const json& conditions = jsonMember(value, "conditions");
  if (conditions.is_null()) return std::nullopt;
  const std::string here = member(path, "conditions");
  if (auto problem = requireObject(conditions, here)) return problem;
  return firstOf({
      [&] { return booleanField(conditions, "ready", here); },
      [&] { return booleanField(conditions, "serving", here); },
      [&] { return booleanField(conditions, "terminating", here); },
  });
}

Problem sliceEndpoint(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  if (jsonMember(value, "addresses").is_null()) return member(path, "addresses") + ": missing";
  return firstOf({
      [&] { return arrayField(value, "addresses", path, stringElement); },
      [&] { return sliceConditions(value, path); },
      [&] { return stringField(value, "hostname", path, Need::Optional); },
      [&] { return stringField(value, "nodeName", path, Need::Optional); },
      [&] { return stringField(value, "zone", path, Need::Optional); },
      [&] { return objectField(value, "targetRef", path); },
  });
}

Problem slicePort(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  return firstOf({
      [&] { return integerField(value, "port", path, Need::Optional); },
      [&] { return stringField(value, "name", path, Need::Optional); },
      [&] { return stringField(value, "protocol", path, Need::Optional); },
      [&] { return stringField(value, "appProtocol", path, Need::Optional); },
  });
}

Problem endpointSliceBody(const json& object) {
  return firstOf({
      [&] { return stringField(object, "addressType", "", Need::Required); },
      [&] { return arrayField(object, "endpoints", "", sliceEndpoint); },
      [&] { return arrayField(object, "ports", "", slicePort); },
  });
}

Problem servicePort(const json& value, const std::string& path) {
  if (auto problem = requireObject(value, path)) return problem;
  return firstOf({
      [&] { return integerField(value, "port", path, Need::Required); },
      [&] { return stringField(value, "name", path, Need::Optional); },
      [&] { return stringField(value, "protocol", path, Need::Optional); },
      [&] { return intOrStringField(value, "targetPort", path); },
      [&] { return integerField(value, "nodePort", path, Need::Optional); },
  });
}

Problem serviceBody(const json& object) {
  const json& spec = jsonMember(object, "spec");
  if (spec.is_null()) return std::nullopt;
  if (auto problem = requireObject(spec, "spec")) return problem;
  return firstOf({
      [&] { return stringMapField(spec, "selector", "spec"); },
      [&] { return arrayField(spec, "ports", "spec", servicePort); },
      [&] { return stringField(spec, "type", "spec", Need::Optional); },
      [&] { return stringField(spec, "clusterIP", "spec", Need::Optional); },
  });
}

/// Lease.spec: every field optional (a released Lease has no holder), each of its type.
Problem leaseBody(const json& object) {
  const json& spec = jsonMember(object, "spec");
  if (spec.is_null()) return std::nullopt;
  if (auto problem = requireObject(spec, "spec")) return problem;
  return firstOf({
      [&] { return stringField(spec, "holderIdentity", "spec", Need::Optional); },
      [&] { return integerField(spec, "leaseDurationSeconds", "spec", Need::Optional); },
      [&] { return stringField(spec, "acquireTime", "spec", Need::Optional); },
      [&] { return stringField(spec, "renewTime", "spec", Need::Optional); },
      [&] { return integerField(spec, "leaseTransitions", "spec", Need::Optional); },
  });
}

/// The fields of one object of `kind`, beyond kind, apiVersion and metadata.
Problem body(const json& object, ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Endpoints:
      return endpointsBody(object);
    case ObjectKind::EndpointSlice:
      return endpointSliceBody(object);
    case ObjectKind::Service:
      return serviceBody(object);
    case ObjectKind::Lease:
      return leaseBody(object);
    default:
      return std::nullopt;
  }
}

bool isList(ObjectKind kind) {
  return kind == ObjectKind::EndpointsList || kind == ObjectKind::EndpointSliceList ||
         kind == ObjectKind::ServiceList || kind == ObjectKind::LeaseList;
}

Problem typeMeta(const json& object, ObjectKind kind, Need need) {
  return firstOf({
      [&] { return matchingString(object, "kind", "", kindName(kind), need); },
      [&] { return matchingString(object, "apiVersion", "", apiVersionOf(kind), need); },
  });
}

Problem prefixed(const std::string& path, Problem problem) {
  if (problem) return path + "." + *problem;
  return problem;
}

}  // namespace

std::string kindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Endpoints:
      return "Endpoints";
    case ObjectKind::EndpointSlice:
      return "EndpointSlice";
    case ObjectKind::Service:
      return "Service";
    case ObjectKind::Event:
      return "Event";
    case ObjectKind::EndpointsList:
      return "EndpointsList";
    case ObjectKind::EndpointSliceList:
      return "EndpointSliceList";
    case ObjectKind::ServiceList:
      return "ServiceList";
    case ObjectKind::DeleteResult:
      return "Status";
    case ObjectKind::Lease:
      return "Lease";
    case ObjectKind::LeaseList:
      return "LeaseList";
  }
  return "?";
}

std::string apiVersionOf(ObjectKind kind) {
  if (kind == ObjectKind::Lease || kind == ObjectKind::LeaseList) return "coordination.k8s.io/v1";
  return kind == ObjectKind::EndpointSlice || kind == ObjectKind::EndpointSliceList ? "discovery.k8s.io/v1"
                                                                                    : "v1";
}

ObjectKind itemKindOf(ObjectKind list_kind) {
  switch (list_kind) {
    case ObjectKind::EndpointsList:
      return ObjectKind::Endpoints;
    case ObjectKind::EndpointSliceList:
      return ObjectKind::EndpointSlice;
    case ObjectKind::ServiceList:
      return ObjectKind::Service;
    case ObjectKind::LeaseList:
      return ObjectKind::Lease;
    default:
      return list_kind;
  }
}

ObjectKind listKindOf(ObjectKind item_kind) {
  switch (item_kind) {
    case ObjectKind::Endpoints:
      return ObjectKind::EndpointsList;
    case ObjectKind::EndpointSlice:
      return ObjectKind::EndpointSliceList;
    case ObjectKind::Service:
      return ObjectKind::ServiceList;
    case ObjectKind::Lease:
      return ObjectKind::LeaseList;
    default:
      return item_kind;
  }
}

std::optional<ObjectKind> objectKindNamed(std::string_view name) {
  for (const ObjectKind kind : {ObjectKind::Endpoints, ObjectKind::EndpointSlice, ObjectKind::Service,
                                ObjectKind::Event, ObjectKind::EndpointsList, ObjectKind::EndpointSliceList,
                                ObjectKind::ServiceList, ObjectKind::Lease, ObjectKind::LeaseList}) {
    if (kindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<std::string> itemProblem(const json& object, ObjectKind kind) {
  if (!object.is_object()) return wrongType("(object)", "an object", object);
  return firstOf({
      [&] { return typeMeta(object, kind, Need::Optional); },
      [&] { return metadata(object, MetadataRules{}); },
      [&] { return body(object, kind); },
  });
}

std::optional<std::string> answerProblem(const json& object, const ExpectedObject& expected) {
  if (!object.is_object()) return wrongType("(answer)", "a JSON object", object);
  if (expected.kind == ObjectKind::DeleteResult) {
    // Kubernetes answers a DELETE with a Status or with the object as it was deleted: either will do,
    // lecter reads nothing from it.
    return stringField(object, "kind", "", Need::Optional);
  }
  if (auto problem = typeMeta(object, expected.kind, Need::Required)) return problem;
  if (isList(expected.kind)) {
    if (auto problem = metadata(object, MetadataRules{"", "", true, true})) return problem;
    const ObjectKind item_kind = itemKindOf(expected.kind);
    return arrayField(object, "items", "", [&](const json& item, const std::string& path) {
      if (!item.is_object()) return wrongType(path, "an object", item);
      return prefixed(path, firstOf({
                                [&] { return typeMeta(item, item_kind, Need::Optional); },
                                [&] {
                                  return metadata(item, MetadataRules{expected.ns, "", false, true});
                                },
                                [&] { return body(item, item_kind); },
                            }));
    });
  }
  return firstOf({
      [&] {
        // lecter reads nothing back from the Event it posted: its identity is not required.
        return metadata(object,
                        MetadataRules{expected.ns, expected.name, false, expected.kind != ObjectKind::Event});
      },
      [&] { return body(object, expected.kind); },
  });
}

std::optional<StatusFields> statusOf(const json& body) {
  if (!body.is_object()) return std::nullopt;
  const json& kind = jsonMember(body, "kind");
  if (!kind.is_string() || kind.get_ref<const std::string&>() != "Status") return std::nullopt;
  return statusFieldsOf(body);
}

StatusFields statusFieldsOf(const json& body) {
  StatusFields status;
  if (!body.is_object()) return status;
  const json& code = jsonMember(body, "code");
  if (code.is_number_integer()) status.code = code.get<long>();
  const json& reason = jsonMember(body, "reason");
  if (reason.is_string()) status.reason = reason.get<std::string>();
  const json& message = jsonMember(body, "message");
  if (message.is_string()) status.message = message.get<std::string>();
  return status;
}

}  // namespace lecter
