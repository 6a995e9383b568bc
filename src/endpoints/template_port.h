#pragma once
/// The one port lecter writes, for Endpoints and EndpointSlices alike: the probed port, with the name,
/// protocol and appProtocol of the template's first port.

#include <nlohmann/json.hpp>
#include <string>

namespace lecter {

/// {name?, appProtocol?, protocol (TCP when the template names none), port}. The name falls back to
/// `fallback_name` (the Service port's, kube-proxy joins ports by name) when the template has none.
nlohmann::json templatePort(const nlohmann::json& endpoint_template, int port,
                            const std::string& fallback_name);

}  // namespace lecter
