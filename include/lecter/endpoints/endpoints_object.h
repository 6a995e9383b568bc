#pragma once
/// The Endpoints object: render the desired one from the template and the healthy set, and compare it
/// with the live one as sets (the ApiServer regroups and re-sorts subsets). Pure.

#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "lecter/config/config.h"

namespace lecter {

/// One (address, port) pair as the ApiServer sees it, whatever the grouping into subsets.
struct EndpointEntry {
  std::string ip;
  bool ready = true;  // false: in notReadyAddresses
  int port = 0;
  std::string protocol;  // TCP when absent
  std::string port_name;

  auto operator<=>(const EndpointEntry&) const = default;
};

using EndpointSet = std::set<EndpointEntry>;

/// The label lecter puts on every Endpoints object it writes, so that a watch with the label selector
/// `app.kubernetes.io/managed-by=lecter` sees exactly lecter's objects (the Kubernetes recommended
/// label for the tool that manages an object).
inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kManagedByLecter = "lecter";

/// The canonical set of an Endpoints object's subsets.
EndpointSet endpointSetOf(const nlohmann::json& endpoints);

/// The ready IPs of an Endpoints object (any port).
std::set<std::string> readyIpsOf(const nlohmann::json& endpoints);

/// The not-ready IPs of an Endpoints object (in notReadyAddresses, any port).
std::set<std::string> notReadyIpsOf(const nlohmann::json& endpoints);

/// What goes into the one subset lecter writes.
struct EndpointAddresses {
  std::set<std::string> ready;      // addresses
  std::set<std::string> not_ready;  // notReadyAddresses (kubernetes_conf.unhealthy: not_ready)
  /// The port's name when the template's port has none (taken from the Service; kube-proxy joins
  /// Service ports to endpoint ports by name). Empty: no name.
  std::string fallback_port_name;
};

/// The desired object, as below, with one subset holding `addresses.ready` as addresses and
/// `addresses.not_ready` as notReadyAddresses (a subset needs either, so one with only not-ready
/// addresses is valid), or `subsets: []` when both are empty.
nlohmann::json renderEndpointsWith(const nlohmann::json& endpoint_template, const ServiceSpec& service,
                                   const EndpointAddresses& addresses, const nlohmann::json& observed);

/// The desired object: the template with name/namespace from `service`, one subset with `ready_ips`
/// and the service's port (protocol and port name from the template's first port), or `subsets: []`
/// when `ready_ips` is empty. From `observed` (may be null) it keeps resourceVersion and the labels and
/// annotations others put there (the template's own win). The label kManagedByLabel: lecter is always
/// set, whatever the template says.
nlohmann::json renderEndpoints(const nlohmann::json& endpoint_template, const ServiceSpec& service,
                               const std::set<std::string>& ready_ips, const nlohmann::json& observed);

/// Why `observed` must be rewritten to become `desired`, or empty when it need not be: subsets differ
/// as sets, or a label/annotation of `desired` (the template's, and kManagedByLabel) is missing or
/// different, so an object written without lecter's label is rewritten once with it.
std::string differenceReason(const nlohmann::json& desired, const nlohmann::json& observed);

}  // namespace lecter
