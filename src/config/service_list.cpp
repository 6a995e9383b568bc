#include "service_list.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "closest_key.h"
#include "kubernetes_names.h"
#include "probe_section.h"
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

bool probeSpeaks(ProbeKind kind, const std::string& protocol) {
  return (kind == ProbeKind::Udp) == (protocol == "UDP");
}

/// The probe a port gets when it names none: the service's `- probe:` when that speaks the port's
/// protocol, else what the protocol allows (a TCP connect; for UDP, a datagram that must be answered).
std::shared_ptr<const ProbeSpec> defaultProbeFor(const std::string& protocol,
                                                 const std::shared_ptr<const ProbeSpec>& service_probe) {
  if (service_probe && probeSpeaks(service_probe->kind, protocol)) return service_probe;
  if (protocol != "UDP") return nullptr;
  auto udp = std::make_shared<ProbeSpec>();
  udp->kind = ProbeKind::Udp;
  return udp;
}

/// A probe kind must speak the port's protocol: UDP ports take udp probes, TCP ports every other kind.
void requireProbeFits(const ServicePort& port, const YamlValue& where) {
  const ProbeKind kind = port.probeKind();
  if (probeSpeaks(kind, port.protocol)) return;
  where.fail("a " + std::string(toString(kind)) + " probe cannot check " +
             (port.name.empty() ? std::string("port ") + std::to_string(port.port)
                                : "port " + quotedText(port.name)) +
             ", whose protocol is " + (port.protocol == "UDP" ? "UDP" : "TCP"));
}

std::vector<ServicePort> readPorts(const YamlValue& value,
                                   const std::shared_ptr<const ProbeSpec>& service_probe,
                                   const YamlValue& service_probe_at, std::vector<std::string>& warnings) {
  if (!value.isList())
    value.fail("must be a list of ports ({name, port, protocol}), got " + value.describe());
  if (value.node().size() == 0) value.fail("must list at least one port");
  std::vector<ServicePort> ports;
  std::map<std::string, int> name_line;  // name → line of its first use
  std::map<std::string, int> port_line;  // "port/protocol" → line of its first use
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) {
    const YamlMap entry(value.item(element, index++), "a mapping with name, port and protocol");
    entry.allowOnly({"name", "port", "protocol", "probe"});
    ServicePort port;
    const YamlValue number = entry.require("port");
    port.port = static_cast<std::uint16_t>(readInteger(number, 1, 65535, "a port number"));
    if (const auto protocol = entry.find("protocol")) port.protocol = readChoice(*protocol, {"TCP", "UDP"});
    const std::string key = std::to_string(port.port) + "/" + port.protocol;
    if (const auto seen = port_line.find(key); seen != port_line.end()) {
      number.fail("port " + key + " is listed twice (first at line " + std::to_string(seen->second) + ")");
    }
    port_line.emplace(key, number.line());
    if (const auto name = entry.find("name")) {
      port.name = readString(*name);
      if (!isDns1123Label(port.name)) {
        name->fail(
            "must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending "
            "with a letter or digit), got " +
            name->describe());
      }
      if (const auto seen = name_line.find(port.name); seen != name_line.end()) {
        name->fail("names two ports (first at line " + std::to_string(seen->second) + ")");
      }
      name_line.emplace(port.name, name->line());
    } else if (value.node().size() > 1) {
      // As Kubernetes: with several ports, each needs a name (kube-proxy joins them by name).
      entry.failMissing("name");
    }
    if (const auto probe = entry.find("probe")) {
      port.probe = readProbe(*probe, warnings);
      requireProbeFits(port, *probe);
    } else {
      port.probe = defaultProbeFor(port.protocol, service_probe);
    }
    ports.push_back(std::move(port));
  }
  if (service_probe && std::none_of(ports.begin(), ports.end(),
                                    [&](const ServicePort& p) { return p.probe == service_probe; })) {
    service_probe_at.fail("a " + std::string(toString(service_probe->kind)) +
                          " probe speaks none of the service's ports (" +
                          (service_probe->kind == ProbeKind::Udp ? "none is UDP" : "all are UDP") +
                          "); give it to a port of its protocol, or give each port its own");
  }
  return ports;
}

// The seed writes each service as a list of one-key entries: `- port: N` and `- iplist: […]`. lecter
// adds `- ports: […]` (instead of `- port:`), `- probe: {…}` and `- ready_when: all | any`.
ServiceSpec readHealthcheck(const YamlValue& value, const LoadOptions& options,
                            std::vector<std::string>& warnings) {
  constexpr std::string_view kShape =
      "`port: N` (or `ports: [...]`), `iplist: [...]`, `probe: {...}` or `ready_when`";
  if (!value.isList()) {
    value.fail("must be a list holding `- port: N` and `- iplist: [...]`, got " + value.describe());
  }
  std::map<std::string, YamlEntry> given;
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) {
    const YamlValue item = value.item(element, index++);
    if (!item.isMap()) item.fail("must be " + std::string(kShape) + ", got " + item.describe());
    // Keys are reported as <service>.port and <service>.iplist: the list index adds nothing.
    const YamlMap keys(item.withPath(value.path()), kShape);
    keys.allowOnly({"port", "ports", "iplist", "probe", "ready_when"});
    for (const YamlEntry& field : keys.entries()) {
      if (const auto first = given.find(field.key); first != given.end()) {
        field.key_value.fail("given twice (first at line " + std::to_string(first->second.key_value.line()) +
                             ")");
      }
      given.emplace(field.key, field);
    }
  }
  const auto port = given.find("port");
  const auto ports = given.find("ports");
  const auto iplist = given.find("iplist");
  if (port != given.end() && ports != given.end()) {
    ports->second.key_value.fail("and `port` exclude each other (port given at line " +
                                 std::to_string(port->second.key_value.line()) + ")");
  }
  if (port == given.end() && ports == given.end())
    value.withPath(value.childPath("port")).fail("required key is missing");
  if (iplist == given.end()) value.withPath(value.childPath("iplist")).fail("required key is missing");

  ServiceSpec spec;
  std::shared_ptr<const ProbeSpec> service_probe;
  const auto probe = given.find("probe");
  if (probe != given.end()) service_probe = readProbe(probe->second.value, warnings);
  const YamlValue& probe_at = probe != given.end() ? probe->second.value : value;
  if (ports != given.end()) {
    spec.ports = readPorts(ports->second.value, service_probe, probe_at, warnings);
  } else {
    ServicePort single;
    single.port = static_cast<std::uint16_t>(readInteger(port->second.value, 1, 65535, "a port number"));
    single.probe = service_probe;
    // The one port of the seed's form takes the template's protocol, unless the probe says UDP.
    single.protocol = service_probe && service_probe->kind == ProbeKind::Udp ? "UDP" : "";
    spec.ports.push_back(std::move(single));
  }
  if (const auto ready_when = given.find("ready_when"); ready_when != given.end()) {
    spec.ready_when =
        readChoice(ready_when->second.value, {"all", "any"}) == "any" ? ReadyWhen::Any : ReadyWhen::All;
  }
  spec.port = spec.ports.front().port;
  const std::vector<TargetSpec> addresses = readTargets(iplist->second.value, options, warnings);
  for (const TargetSpec& address : addresses) {
    for (const ServicePort& service_port : spec.ports) {
      TargetSpec target = address;
      target.port = service_port.port;
      target.port_name = service_port.name;
      target.probe = service_port.probe;
      spec.targets.push_back(std::move(target));
    }
  }
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
