#include "service_list.h"

#include <map>
#include <optional>
#include <utility>

#include "closest_key.h"
#include "kubernetes_names.h"
#include "scalar_readers.h"
#include "scalar_text.h"

namespace lecter::config_internal {
namespace {

struct ServiceNames {
  std::string ns;
  std::string name;
};

ServiceNames readServiceInfo(const YamlValue& value) {
  const YamlMap map(value, "a mapping with namespace and name");
  map.allowOnly({"namespace", "name"});
  const YamlValue ns = map.require("namespace");
  const YamlValue name = map.require("name");
  ServiceNames out{readString(ns), readString(name)};
  if (!isDns1123Label(out.ns)) {
    ns.fail(
        "must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending "
        "with a letter or digit), got " +
        ns.describe());
  }
  if (!isDns1123Subdomain(out.name)) {
    name.fail(
        "must be a DNS-1123 subdomain (at most 253 lower-case letters, digits, '-' or '.', each "
        "part starting and ending with a letter or digit), got " +
        name.describe());
  }
  return out;
}

IpAddress readAddress(const YamlValue& value, const LoadOptions& options,
                      std::vector<std::string>& warnings) {
  if (!value.isScalar() || value.node().Scalar().empty()) {
    value.fail("must be an IPv4 or IPv6 address, got " + value.describe());
  }
  const auto parsed = parseIpAddress(value.node().Scalar());
  if (!parsed) value.fail("must be an IPv4 or IPv6 address, got " + value.describe());
  const IpAddress& address = *parsed;
  if (const std::string refused = address.refusedByKubernetes(); !refused.empty()) {
    const std::string what = address.text + " " + refused + "; Kubernetes refuses it in Endpoints";
    if (!options.allow_refused_addresses) value.fail(what);
    warnings.push_back(
        value.message(what + " (accepted because refused addresses are allowed for this run)"));
  }
  return address;
}

std::vector<TargetSpec> readTargets(const YamlValue& value, const LoadOptions& options,
                                    std::vector<std::string>& warnings) {
  if (!value.isList()) value.fail("must be a list of targets ({name, ip}), got " + value.describe());
  if (value.node().size() == 0) value.fail("must list at least one target");
  std::vector<TargetSpec> targets;
  std::map<std::string, int> first_line;  // canonical address → line of its first listing
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) {
    const YamlMap target(value.item(element, index++), "a mapping with name and ip");
    target.allowOnly({"name", "ip"});
    const YamlValue ip = target.require("ip");
    const IpAddress address = readAddress(ip, options, warnings);
    if (const auto seen = first_line.find(address.text); seen != first_line.end()) {
      ip.fail(address.text + " is listed twice (first at line " + std::to_string(seen->second) + ")");
    }
    first_line.emplace(address.text, ip.line());
    TargetSpec spec;
    spec.ip = address;
    if (const auto name = target.find("name")) spec.name = readString(*name);
    if (spec.name.empty()) spec.name = address.text;  // logs need something to call the target
    targets.push_back(std::move(spec));
  }
  return targets;
}

// The seed writes each service as a list of one-key entries: `- port: N` and `- iplist: […]`.
ServiceSpec readHealthcheck(const YamlValue& value, const LoadOptions& options,
                            std::vector<std::string>& warnings) {
  if (!value.isList()) {
    value.fail("must be a list holding `- port: N` and `- iplist: [...]`, got " + value.describe());
  }
  std::optional<YamlEntry> port;
  std::optional<YamlEntry> iplist;
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) {
    const YamlValue item = value.item(element, index++);
    if (!item.isMap()) item.fail("must be `port: N` or `iplist: [...]`, got " + item.describe());
    // Keys are reported as <service>.port and <service>.iplist: the list index adds nothing.
    const YamlMap keys(item.withPath(value.path()), "`port: N` or `iplist: [...]`");
    keys.allowOnly({"port", "iplist"});
    for (const YamlEntry& field : keys.entries()) {
      std::optional<YamlEntry>& slot = field.key == "port" ? port : iplist;
      if (slot) {
        field.key_value.fail("given twice (first at line " + std::to_string(slot->key_value.line()) + ")");
      }
      slot = field;
    }
  }
  if (!port) value.withPath(value.childPath("port")).fail("required key is missing");
  if (!iplist) value.withPath(value.childPath("iplist")).fail("required key is missing");
  ServiceSpec spec;
  spec.port = static_cast<std::uint16_t>(readInteger(port->value, 1, 65535, "a port number"));
  spec.targets = readTargets(iplist->value, options, warnings);
  for (TargetSpec& target : spec.targets) target.port = spec.port;
  return spec;
}

// Twins missing on one side: the key list of the other side, minus those that have a twin, gives
// the likely intended name for a typo.
void requireTwins(const YamlMap& from, const YamlMap& to, const std::string& to_name) {
  std::vector<std::string> unmatched;
  for (const YamlEntry& entry : to.entries()) {
    if (!from.find(entry.key)) unmatched.push_back(entry.key);
  }
  for (const YamlEntry& entry : from.entries()) {
    if (to.find(entry.key)) continue;
    std::string what = "has no twin under " + to_name + " (every service needs both)";
    if (const auto suggestion = closestKey(entry.key, unmatched)) {
      // The suggestion is a key of the file: quoted printable, so the message stays one line.
      what += "; is " + quotedText(*suggestion) + " there meant to be it?";
    }
    entry.key_value.fail(what);
  }
}

}  // namespace

std::vector<ServiceSpec> readServices(const YamlValue& service_info, const YamlValue& healthcheck_list,
                                      const LoadOptions& options, std::vector<std::string>& warnings) {
  const std::string expected = "a mapping of services (each with namespace and name)";
  if (service_info.isNull() || (service_info.isMap() && service_info.node().size() == 0)) {
    service_info.fail("lists no service; at least one is needed");
  }
  const YamlMap info(service_info, expected);
  const YamlMap checks(healthcheck_list,
                       "a mapping of services (each a list of `- port: N` and `- iplist: [...]`)");
  requireTwins(info, checks, "service_healthcheck_list");
  requireTwins(checks, info, "service_info");

  std::vector<ServiceSpec> services;
  std::map<std::string, std::string> writer_of;  // "namespace/name" → path of the service writing it
  for (const YamlEntry& entry : info.entries()) {
    const ServiceNames names = readServiceInfo(entry.value);
    const std::string object = names.ns + "/" + names.name;
    if (const auto other = writer_of.find(object); other != writer_of.end()) {
      entry.key_value.fail("writes the same Endpoints object " + object + " as " + other->second);
    }
    writer_of.emplace(object, entry.key_value.path());
    ServiceSpec spec = readHealthcheck(*checks.find(entry.key), options, warnings);
    spec.key = entry.key;
    spec.ns = names.ns;
    spec.name = names.name;
    services.push_back(std::move(spec));
  }
  return services;
}

}  // namespace lecter::config_internal
