#include "support/apiserver/endpoint_slice_validation.h"

#include <cstdint>
#include <limits>
#include <regex>
#include <set>
#include <string_view>

#include "support/apiserver/endpoint_ip.h"
#include "support/apiserver/json_fields.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

// The formats and messages of k8s.io/apimachinery/pkg/util/validation/validation.go.
const char* const kLabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const char* const kSubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const char* const kQualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* const kLabelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

std::string regexError(const std::string& message, const std::string& format,
                       const std::vector<std::string>& examples) {
  std::string text = message + " (e.g. ";
  for (std::size_t i = 0; i < examples.size(); ++i) text += (i > 0 ? " or '" : "'") + examples[i] + "', ";
  return text + "regex used for validation is '" + format + "')";
}

std::string maxLengthError(std::size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

bool isLabel(const std::string& value) {
  static const std::regex kPattern(kLabelFormat);
  return std::regex_match(value, kPattern);
}
bool isSubdomain(const std::string& value) {
  static const std::regex kPattern(kSubdomainFormat);
  return std::regex_match(value, kPattern);
}
bool isQualifiedNamePart(const std::string& value) {
  static const std::regex kPattern(kQualifiedNameFormat);
  return std::regex_match(value, kPattern);
}
bool isLabelValue(const std::string& value) {
  static const std::regex kPattern(kLabelValueFormat);
  return std::regex_match(value, kPattern);
}

std::vector<std::string> dns1123SubdomainProblems(const std::string& value) {
  std::vector<std::string> problems;
  if (value.size() > 253) problems.push_back(maxLengthError(253));
  if (!isSubdomain(value))
    problems.push_back(
        regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                   "characters, '-' or '.', and must start and end with an alphanumeric "
                   "character",
                   kSubdomainFormat, {"example.com"}));
  return problems;
}

std::vector<std::string> dns1123LabelProblems(const std::string& value) {
  std::vector<std::string> problems;
  if (value.size() > 63) problems.push_back(maxLengthError(63));
  if (!isLabel(value)) {
    // A valid subdomain but not a valid label: most likely a '.' in a label.
    if (isSubdomain(value))
      problems.push_back("must not contain dots");
    else
      problems.push_back(
          regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                     "characters or '-', and must start and end with an alphanumeric character",
                     kLabelFormat, {"my-name", "123-abc"}));
  }
  return problems;
}

std::vector<std::string> qualifiedNameProblems(const std::string& value) {
  const std::string kMessage =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
      "character";
  std::vector<std::string> problems;
  std::string name = value;
  const auto slash = value.find('/');
  if (slash != std::string::npos) {
    if (value.find('/', slash + 1) != std::string::npos)
      return {"a qualified name " +
              regexError(kMessage, kQualifiedNameFormat, {"MyName", "my.name", "123-abc"}) +
              " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    const std::string prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) problems.push_back("prefix part must be non-empty");
    for (const std::string& problem :
         prefix.empty() ? std::vector<std::string>{} : dns1123SubdomainProblems(prefix))
      problems.push_back("prefix part " + problem);
  }
  if (name.empty())
    problems.push_back("name part must be non-empty");
  else if (name.size() > 63)
    problems.push_back("name part " + maxLengthError(63));
  if (!isQualifiedNamePart(name))
    problems.push_back("name part " +
                       regexError(kMessage, kQualifiedNameFormat, {"MyName", "my.name", "123-abc"}));
  return problems;
}

std::vector<std::string> labelValueProblems(const std::string& value) {
  std::vector<std::string> problems;
  if (value.size() > 63) problems.push_back(maxLengthError(63));
  if (!isLabelValue(value))
    problems.push_back(
        regexError("a valid label must be an empty string or consist of alphanumeric characters, "
                   "'-', '_' or '.', and must start and end with an alphanumeric character",
                   kLabelValueFormat, {"MyValue", "my_value", "12345"}));
  return problems;
}

// field.Error constructors, with ErrorBody() as the body.
/// field.Invalid of a string value, quoted as the ApiServer shows it.
FieldError invalidString(const std::string& field, const std::string& value, const std::string& detail) {
  return invalidValue(field, quoted(value), detail);
}
FieldError tooMany(const std::string& field, std::size_t actual, std::size_t max) {
  return {"FieldValueTooMany", field,
          "Too many: " + std::to_string(actual) + ": must have at most " + std::to_string(max) + " items"};
}
FieldError notSupported(const std::string& field, const std::string& value,
                        const std::vector<std::string>& supported) {
  std::string list;
  for (const std::string& s : supported) list += (list.empty() ? "" : ", ") + quoted(s);
  return {"FieldValueNotSupported", field,
          "Unsupported value: " + quoted(value) + ": supported values: " + list};
}

void invalidEach(const std::vector<std::string>& problems, const std::string& field, const std::string& value,
                 std::vector<FieldError>& errors) {
  for (const std::string& problem : problems) errors.push_back(invalidString(field, value, problem));
}

bool isInt32(const json& value) {
  if (value.is_number_unsigned())
    return value.get<std::uint64_t>() <= std::numeric_limits<std::int32_t>::max();
  if (!value.is_number_integer()) return false;
  const auto number = value.get<std::int64_t>();
  return number >= std::numeric_limits<std::int32_t>::min() &&
         number <= std::numeric_limits<std::int32_t>::max();
}

/// The first value whose JSON type cannot decode into its Go field, in encoding/json's words.
std::optional<std::string> sliceDecodeProblem(const json& object) {
  if (!object.is_object())
    return "json: cannot unmarshal " + jsonTypeName(object) + " into Go value of type v1.EndpointSlice";
  std::optional<std::string> problem;
  // The field's name is put together only for a problem: this runs for every write the fixture takes.
  auto expect = [&problem](const json& value, bool ok, const char* go_field, const char* go_type,
                           const char* field_key = "") {
    if (!problem && !value.is_null() && !ok)
      problem = "json: cannot unmarshal " + jsonTypeName(value) + " into Go struct field " + go_field +
                field_key + " of type " + go_type;
  };
  const json& metadata = member(object, "metadata");
  expect(metadata, metadata.is_object(), "EndpointSlice.metadata", "v1.ObjectMeta");
  for (const char* key : {"labels", "annotations"}) {
    const json& map = member(metadata, key);
    expect(map, map.is_object(), "ObjectMeta.metadata.", "map[string]string", key);
    if (map.is_object())
      for (const auto& [k, v] : map.items()) expect(v, v.is_string(), "ObjectMeta.metadata.", "string", key);
  }
  for (const char* key : {"name", "generateName", "namespace", "resourceVersion"})
    expect(member(metadata, key), member(metadata, key).is_string(), "ObjectMeta.metadata.", "string", key);
  expect(member(object, "addressType"), member(object, "addressType").is_string(),
         "EndpointSlice.addressType", "v1.AddressType");
  expect(member(object, "endpoints"), member(object, "endpoints").is_array(), "EndpointSlice.endpoints",
         "[]v1.Endpoint");
  for (const json& endpoint : arrayAt(object, "endpoints")) {
    expect(endpoint, endpoint.is_object(), "EndpointSlice.endpoints", "v1.Endpoint");
    expect(member(endpoint, "addresses"), member(endpoint, "addresses").is_array(),
           "Endpoint.endpoints.addresses", "[]string");
    for (const json& address : arrayAt(endpoint, "addresses"))
      expect(address, address.is_string(), "Endpoint.endpoints.addresses", "string");
    const json& conditions = member(endpoint, "conditions");
    expect(conditions, conditions.is_object(), "Endpoint.endpoints.conditions", "v1.EndpointConditions");
    for (const char* key : {"ready", "serving", "terminating"})
      expect(member(conditions, key), member(conditions, key).is_boolean(),
             "EndpointConditions.endpoints.conditions.", "bool", key);
    for (const char* key : {"hostname", "nodeName", "zone"})
      expect(member(endpoint, key), member(endpoint, key).is_string(), "Endpoint.endpoints.", "string", key);
  }
  expect(member(object, "ports"), member(object, "ports").is_array(), "EndpointSlice.ports",
         "[]v1.EndpointPort");
  for (const json& port : arrayAt(object, "ports")) {
    expect(port, port.is_object(), "EndpointSlice.ports", "v1.EndpointPort");
    for (const char* key : {"name", "protocol", "appProtocol"})
      expect(member(port, key), member(port, key).is_string(), "EndpointPort.ports.",
             std::string_view(key) == "protocol" ? "v1.Protocol" : "string", key);
    expect(member(port, "port"), isInt32(member(port, "port")), "EndpointPort.ports.port", "int32");
  }
  return problem;
}

/// ValidateObjectMeta, as far as a client sets it: the name (NameIsDNSSubdomain) and the labels.
void validateMetadata(const json& slice, std::vector<FieldError>& errors) {
  const json& metadata = member(slice, "metadata");
  const std::string name = stringAt(metadata, "name");
  if (name.empty())
    errors.push_back(requiredValue("metadata.name", "name or generateName is required"));
  else
    invalidEach(dns1123SubdomainProblems(name), "metadata.name", name, errors);
  const json& labels = member(metadata, "labels");
  if (!labels.is_object()) return;
  for (const auto& [key, value] : labels.items()) {
    invalidEach(qualifiedNameProblems(key), "metadata.labels", key, errors);
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    invalidEach(labelValueProblems(text), "metadata.labels", text, errors);
  }
}

/// validateAddressType: required, one of the supported types.
void validateAddressType(const std::string& address_type, std::vector<FieldError>& errors) {
  if (address_type.empty())
    errors.push_back(requiredValue("addressType"));
  else if (address_type != "IPv4" && address_type != "IPv6" && address_type != "FQDN")
    errors.push_back(notSupported("addressType", address_type, {"FQDN", "IPv4", "IPv6"}));
}

/// IsFullyQualifiedDomainName: a DNS subdomain of at least two labels (a trailing dot is allowed).
void validateFqdn(std::string name, const std::string& field, std::vector<FieldError>& errors) {
  if (name.empty()) {
    errors.push_back(requiredValue(field));
    return;
  }
  if (name.back() == '.') name.pop_back();
  if (const auto problems = dns1123SubdomainProblems(name); !problems.empty()) {
    std::string joined;
    for (const std::string& p : problems) joined += (joined.empty() ? "" : ",") + p;
    errors.push_back(invalidString(field, name, joined));
    return;
  }
  if (name.find('.') == std::string::npos)
    errors.push_back(
        invalidString(field, name, "should be a domain with at least two segments separated by dots"));
}

/// One address of an IPv4 or IPv6 slice: IsValidIPv4Address / IsValidIPv6Address, then ValidateEndpointIP.
void validateIpAddress(const std::string& address, bool want_v4, const std::string& field,
                       std::vector<FieldError>& errors) {
  const EndpointIp ip = parseEndpointIp(address);
  if (!ip.valid || ip.v4 != want_v4)
    errors.push_back(invalidString(
        field, address, want_v4 ? "must be a valid IPv4 address" : "must be a valid IPv6 address"));
  if (!ip.valid)
    errors.push_back(invalidString(field, address, "must be a valid IP address"));
  else
    appendSpecialIpErrors(ip, address, field, errors);
}

/// validateEndpoints: at most 1000 (nothing else is checked past that), each with 1 to 100 addresses of
/// the slice's type; hostname a DNS label, nodeName a DNS subdomain.
void validateEndpoints(const json& endpoints, const std::string& address_type,
                       std::vector<FieldError>& errors) {
  if (endpoints.size() > kMaxSliceEndpoints) {
    errors.push_back(tooMany("endpoints", endpoints.size(), kMaxSliceEndpoints));
    return;
  }
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    const std::string at = "endpoints[" + std::to_string(i) + "]";
    const json& addresses = arrayAt(endpoints[i], "addresses");
    if (addresses.empty())
      errors.push_back(requiredValue(at + ".addresses", "must contain at least 1 address"));
    else if (addresses.size() > kMaxEndpointAddresses)
      errors.push_back(tooMany(at + ".addresses", addresses.size(), kMaxEndpointAddresses));
    for (std::size_t a = 0; a < addresses.size(); ++a) {
      const std::string field = at + ".addresses[" + std::to_string(a) + "]";
      const std::string address = addresses[a].get<std::string>();
      // Unknown address types fall through unvalidated, as in Kubernetes (addressType is refused anyway).
      if (address_type == "IPv4" || address_type == "IPv6")
        validateIpAddress(address, address_type == "IPv4", field, errors);
      else if (address_type == "FQDN")
        validateFqdn(address, field, errors);
    }
    if (member(endpoints[i], "nodeName").is_string()) {
      const std::string node = stringAt(endpoints[i], "nodeName");
      invalidEach(dns1123SubdomainProblems(node), at + ".nodeName", node, errors);
    }
    if (member(endpoints[i], "hostname").is_string()) {
      const std::string hostname = stringAt(endpoints[i], "hostname");
      invalidEach(dns1123LabelProblems(hostname), at + ".hostname", hostname, errors);
    }
  }
}

/// validatePorts: at most kMaxSlicePorts; names empty or DNS labels, and unique; protocol TCP, UDP or SCTP;
/// appProtocol a qualified name. The port number itself is not validated (nil means "all ports").
void validatePorts(const json& ports, std::vector<FieldError>& errors) {
  if (ports.size() > kMaxSlicePorts) {
    errors.push_back(tooMany("ports", ports.size(), kMaxSlicePorts));
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const std::string at = "ports[" + std::to_string(i) + "]";
    const std::string name = stringAt(ports[i], "name");
    if (!name.empty()) invalidEach(dns1123LabelProblems(name), at + ".name", name, errors);
    if (!names.insert(name).second)
      errors.push_back({"FieldValueDuplicate", at + ".name", "Duplicate value: " + quoted(name)});
    const std::string protocol = stringAt(ports[i], "protocol");
    if (protocol.empty())
      errors.push_back(requiredValue(at + ".protocol"));
    else if (protocol != "TCP" && protocol != "UDP" && protocol != "SCTP")
      errors.push_back(notSupported(at + ".protocol", protocol, {"SCTP", "TCP", "UDP"}));
    if (member(ports[i], "appProtocol").is_string()) {
      const std::string app_protocol = stringAt(ports[i], "appProtocol");
      invalidEach(qualifiedNameProblems(app_protocol), at + ".appProtocol", app_protocol, errors);
    }
  }
}

std::vector<FieldError> validate(const json& slice, const json* old) {
  std::vector<FieldError> errors;
  validateMetadata(slice, errors);
  const std::string address_type = stringAt(slice, "addressType");
  validateAddressType(address_type, errors);
  validatePorts(arrayAt(slice, "ports"), errors);
  // Endpoints equal to the stored ones are not validated again: they may hold addresses that older,
  // looser rules let in.
  const json& endpoints = arrayAt(slice, "endpoints");
  if (old == nullptr || arrayAt(*old, "endpoints") != endpoints)
    validateEndpoints(endpoints, address_type, errors);
  return errors;
}

}  // namespace

std::optional<std::string> endpointSliceDecodeError(const json& object) {
  // The apiserver decodes into the URL's kind: another kind fails conversion, another version is refused.
  const std::string kind = stringAt(object, "kind");
  const std::string api_version = stringAt(object, "apiVersion");
  if (!api_version.empty() && api_version != "discovery.k8s.io/v1")
    return "the API version in the data (" + api_version +
           ") does not match the expected API version (discovery.k8s.io/v1)";
  if (!kind.empty() && kind != "EndpointSlice")
    return kind + " in version \"v1\" cannot be handled as a EndpointSlice: converting (v1." + kind +
           ") to (discovery.EndpointSlice): unknown conversion";
  if (auto problem = sliceDecodeProblem(object))
    return "EndpointSlice in version \"v1\" cannot be handled as a EndpointSlice: " + *problem;
  return std::nullopt;
}

void applyEndpointSliceDefaults(json& object) {
  if (!object.contains("ports") || !object["ports"].is_array()) return;
  for (json& port : object["ports"]) {
    if (!port.contains("name") || port["name"].is_null()) port["name"] = "";
    if (!port.contains("protocol") || port["protocol"].is_null()) port["protocol"] = "TCP";
  }
}

std::vector<FieldError> validateEndpointSliceCreate(const json& slice) { return validate(slice, nullptr); }

std::vector<FieldError> validateEndpointSliceUpdate(const json& slice, const json& old) {
  std::vector<FieldError> errors = validate(slice, &old);
  const std::string address_type = stringAt(slice, "addressType");
  if (address_type != stringAt(old, "addressType"))
    errors.push_back(invalidString("addressType", address_type, "field is immutable"));
  return errors;
}

json invalidEndpointSliceStatus(const std::string& name, const std::vector<FieldError>& errors) {
  // NewInvalid: the message aggregates "field: body" without repeats (in brackets when several).
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  json causes = json::array();
  for (const FieldError& e : errors) {
    causes.push_back({{"reason", e.type}, {"message", e.body}, {"field", e.field}});
    const std::string text = e.field + ": " + e.body;
    if (seen.insert(text).second) distinct.push_back(text);
  }
  std::string aggregate;
  for (const std::string& text : distinct) aggregate += (aggregate.empty() ? "" : ", ") + text;
  if (distinct.size() > 1) aggregate = "[" + aggregate + "]";
  return statusBody(
      422, "Invalid", "EndpointSlice.discovery.k8s.io " + quoted(name) + " is invalid: " + aggregate,
      {{"name", name}, {"group", "discovery.k8s.io"}, {"kind", "EndpointSlice"}, {"causes", causes}});
}

}  // namespace lecter::testing
