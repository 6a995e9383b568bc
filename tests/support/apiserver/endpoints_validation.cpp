#include "support/apiserver/endpoints_validation.h"

#include <cstdint>
#include <regex>

#include "support/apiserver/endpoint_ip.h"
#include "support/apiserver/json_fields.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

/// The first value whose JSON type cannot decode into its Go field, in encoding/json's words.
std::optional<std::string> endpointsDecodeProblem(const json& object) {
  if (!object.is_object())
    return "json: cannot unmarshal " + jsonTypeName(object) + " into Go value of type v1.Endpoints";
  std::optional<std::string> problem;
  auto expect = [&problem](const json& value, bool ok, const std::string& go_field, const char* go_type) {
    if (!problem && !value.is_null() && !ok)
      problem = "json: cannot unmarshal " + jsonTypeName(value) + " into Go struct field " + go_field +
                " of type " + go_type;
  };
  expect(member(object, "metadata"), member(object, "metadata").is_object(), "Endpoints.metadata",
         "v1.ObjectMeta");
  expect(member(object, "subsets"), member(object, "subsets").is_array(), "Endpoints.subsets",
         "[]v1.EndpointSubset");
  for (const json& subset : arrayAt(object, "subsets")) {
    expect(subset, subset.is_object(), "Endpoints.subsets", "v1.EndpointSubset");
    for (const char* list : {"addresses", "notReadyAddresses"}) {
      const std::string field = std::string("EndpointSubset.subsets.") + list;
      expect(member(subset, list), member(subset, list).is_array(), field, "[]v1.EndpointAddress");
      for (const json& address : arrayAt(subset, list)) {
        expect(address, address.is_object(), field, "v1.EndpointAddress");
        expect(member(address, "ip"), member(address, "ip").is_string(),
               std::string("EndpointAddress.subsets.") + list + ".ip", "string");
      }
    }
    expect(member(subset, "ports"), member(subset, "ports").is_array(), "EndpointSubset.subsets.ports",
           "[]v1.EndpointPort");
    for (const json& port : arrayAt(subset, "ports")) {
      expect(port, port.is_object(), "EndpointSubset.subsets.ports", "v1.EndpointPort");
      for (const char* key : {"name", "protocol"})
        expect(member(port, key), member(port, key).is_string(),
               std::string("EndpointPort.subsets.ports.") + key, "string");
      expect(member(port, "port"), member(port, "port").is_number_integer(),
             "EndpointPort.subsets.ports.port", "int32");
    }
  }
  return problem;
}

/// IsValidIPForLegacyField, then ValidateEndpointIP: Endpoints may not point at unspecified, loopback,
/// link-local or link-local multicast addresses (global multicast passes, as in Kubernetes).
void validateIp(const std::string& ip, const std::string& field, std::vector<FieldError>& errors) {
  const EndpointIp parsed = parseEndpointIp(ip);
  if (!parsed.valid) {
    errors.push_back(
        invalidValue(field, quoted(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    return;
  }
  appendSpecialIpErrors(parsed, ip, field, errors);
}

/// validateEndpointPort: a name is required when a subset has several ports, and must be a DNS-1123
/// label; the number in 1..65535; the protocol (defaulted to TCP at decoding) one of SCTP, TCP, UDP.
void validatePort(const json& port, bool require_name, const std::string& field,
                  std::vector<FieldError>& errors) {
  static const std::regex kDnsLabel("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  const std::string name = stringAt(port, "name");
  if (require_name && name.empty()) {
    errors.push_back(requiredValue(field + ".name", ""));
  } else if (!name.empty() && (name.size() > 63 || !std::regex_match(name, kDnsLabel))) {
    errors.push_back(invalidValue(field + ".name", quoted(name),
                                  name.size() > 63
                                      ? "must be no more than 63 characters"
                                      : "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                                        "characters or '-', and must start and end with an alphanumeric "
                                        "character (e.g. 'my-name',  or '123-abc', regex used for "
                                        "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
  }
  const json& port_number = member(port, "port");
  const std::int64_t number = port_number.is_number_integer() ? port_number.get<std::int64_t>() : 0;
  if (number < 1 || number > 65535)
    errors.push_back(
        invalidValue(field + ".port", std::to_string(number), "must be between 1 and 65535, inclusive"));
  const std::string protocol = stringAt(port, "protocol");
  if (protocol.empty()) {
    errors.push_back(requiredValue(field + ".protocol", ""));
  } else if (protocol != "TCP" && protocol != "UDP" && protocol != "SCTP") {
    errors.push_back(
        {"FieldValueNotSupported", field + ".protocol",
         "Unsupported value: " + quoted(protocol) + ": supported values: \"SCTP\", \"TCP\", \"UDP\""});
  }
}

}  // namespace

FieldError invalidValue(const std::string& field, const std::string& shown, const std::string& detail) {
  return {"FieldValueInvalid", field, "Invalid value: " + shown + ": " + detail};
}

FieldError requiredValue(const std::string& field, const std::string& detail) {
  return {"FieldValueRequired", field, detail.empty() ? "Required value" : "Required value: " + detail};
}

std::optional<std::string> endpointsDecodeError(const json& object) {
  // The apiserver decodes into the URL's kind: another kind fails conversion, another version is refused.
  const std::string kind = stringAt(object, "kind");
  const std::string api_version = stringAt(object, "apiVersion");
  if (!kind.empty() && kind != "Endpoints")
    return kind + " in version \"v1\" cannot be handled as a Endpoints: converting (v1." + kind +
           ") to (core.Endpoints): unknown conversion";
  if (!api_version.empty() && api_version != "v1")
    return "the API version in the data (" + api_version + ") does not match the expected API version (v1)";
  if (auto problem = endpointsDecodeProblem(object))
    return "Endpoints in version \"v1\" cannot be handled as a Endpoints: " + *problem;
  return std::nullopt;
}

std::vector<FieldError> validateEndpoints(const json& object) {
  std::vector<FieldError> errors;
  const json& subsets = arrayAt(object, "subsets");
  for (std::size_t i = 0; i < subsets.size(); ++i) {
    const std::string at = "subsets[" + std::to_string(i) + "]";
    const json& addresses = arrayAt(subsets[i], "addresses");
    const json& not_ready = arrayAt(subsets[i], "notReadyAddresses");
    // validateEndpointSubsets: an empty subset is refused; send `subsets: []` instead.
    if (addresses.empty() && not_ready.empty())
      errors.push_back(requiredValue(at, "must specify `addresses` or `notReadyAddresses`"));
    for (std::size_t a = 0; a < addresses.size(); ++a)
      validateIp(stringAt(addresses[a], "ip"), at + ".addresses[" + std::to_string(a) + "].ip", errors);
    for (std::size_t a = 0; a < not_ready.size(); ++a)
      validateIp(stringAt(not_ready[a], "ip"), at + ".notReadyAddresses[" + std::to_string(a) + "].ip",
                 errors);
    // No ports at all is allowed ("For headless service, we allow its endpoints not to have ports").
    const json& ports = arrayAt(subsets[i], "ports");
    for (std::size_t p = 0; p < ports.size(); ++p)
      validatePort(ports[p], ports.size() > 1, at + ".ports[" + std::to_string(p) + "]", errors);
  }
  return errors;
}

json invalidEndpointsStatus(const std::string& name, const std::vector<FieldError>& errors) {
  // NewInvalid: the message aggregates "field: body" (in brackets when several); details hold causes.
  std::string aggregate;
  json causes = json::array();
  for (const FieldError& e : errors) {
    aggregate += (aggregate.empty() ? "" : ", ") + e.field + ": " + e.body;
    causes.push_back({{"reason", e.type}, {"message", e.body}, {"field", e.field}});
  }
  if (errors.size() > 1) aggregate = "[" + aggregate + "]";
  return statusBody(422, "Invalid", "Endpoints " + quoted(name) + " is invalid: " + aggregate,
                    {{"name", name}, {"kind", "Endpoints"}, {"causes", causes}});
}

}  // namespace lecter::testing
