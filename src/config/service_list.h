#pragma once
/// service_info and service_healthcheck_list: which Endpoints objects to keep, and the targets
/// whose health decides their addresses.

#include <string>
#include <vector>

#include "lecter/config/config.h"
#include "lecter/config/config_loader.h"
#include "yaml_value.h"

namespace lecter::config_internal {

/// Reads both sections and pairs them by key, in service_info's order. Each service_info key needs a
/// service_healthcheck_list twin and the reverse; namespaces are DNS-1123 labels, names DNS-1123
/// subdomains, no two services write the same object; each twin holds one `- port: N` and one
/// `- iplist: [{name, ip}]` with distinct, valid addresses. Addresses Kubernetes refuses are an error,
/// or a warning appended to `warnings` under `options.allow_refused_addresses`.
std::vector<ServiceSpec> readServices(const YamlValue& service_info, const YamlValue& healthcheck_list,
                                      const LoadOptions& options, std::vector<std::string>& warnings);

}  // namespace lecter::config_internal
