#pragma once
/// The ports lecter writes, for Endpoints and EndpointSlices alike. The original's one port (`- port:`):
/// the probed port, with the name, protocol and appProtocol of the template's first port. A service's
/// `- ports:`: each of them, with its own name and protocol.

#include <nlohmann/json.hpp>
#include <string>

#include "lecter/config/config.h"

namespace lecter {

/// {name?, appProtocol?, protocol (TCP when the template names none), port}. The name falls back to
/// `fallback_name` (the Service port's, kube-proxy joins ports by name) when the template has none.
nlohmann::json templatePort(const nlohmann::json& endpoint_template, int port,
                            const std::string& fallback_name);

/// Every port of `service`, as a JSON array: its one port as templatePort() makes it (with the
/// probe's protocol when that is UDP), or each of its `- ports:` with its name and protocol.
nlohmann::json servicePorts(const nlohmann::json& endpoint_template, const ServiceSpec& service,
                            const std::string& fallback_name);

}  // namespace lecter
