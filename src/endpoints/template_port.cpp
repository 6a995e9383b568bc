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

}  // namespace lecter
