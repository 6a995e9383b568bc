#include "template_port.h"

#include "lecter/base/json_fields.h"

namespace lecter {

nlohmann::json templatePort(const nlohmann::json& endpoint_template, int port,
                            const std::string& fallback_name) {
  nlohmann::json out = nlohmann::json::object();
  const nlohmann::json& subsets = jsonMember(endpoint_template, "subsets");
  if (subsets.is_array() && !subsets.empty()) {
    const nlohmann::json& ports = jsonMember(subsets.front(), "ports");
    if (ports.is_array() && !ports.empty()) {
      const nlohmann::json& first = ports.front();
      if (jsonMember(first, "name").is_string()) out["name"] = jsonMember(first, "name");
      if (jsonMember(first, "appProtocol").is_string()) out["appProtocol"] = jsonMember(first, "appProtocol");
      out["protocol"] = stringOr(jsonMember(first, "protocol"), "TCP");
    }
  }
  if (!out.contains("protocol")) out["protocol"] = "TCP";
  if (!out.contains("name") && !fallback_name.empty()) out["name"] = fallback_name;
  out["port"] = port;
  return out;
}

nlohmann::json servicePorts(const nlohmann::json& endpoint_template, const ServiceSpec& service,
                            const std::string& fallback_name) {
  const std::vector<ServicePort> ports = service.portList();
  if (ports.size() == 1 && ports.front().name.empty()) {
    nlohmann::json port = templatePort(endpoint_template, ports.front().port, fallback_name);
    if (!ports.front().protocol.empty()) port["protocol"] = ports.front().protocol;
    return nlohmann::json::array({port});
  }
  nlohmann::json out = nlohmann::json::array();
  for (const ServicePort& port : ports) {
    nlohmann::json entry = {{"protocol", port.protocol.empty() ? "TCP" : port.protocol}, {"port", port.port}};
    if (!port.name.empty()) entry["name"] = port.name;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace lecter
