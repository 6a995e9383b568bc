#include "redis_schema.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include "lecter/probe/probe_spec.h"

namespace lecter::store {

namespace {

std::string jsonStringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += ']';
  return out;
}

/// A whole number (or, for a floating-point `Number`, a decimal one) that is all of `text`.
template <typename Number>
std::optional<Number> parseNumber(std::string_view text) {
  Number value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<HealthState> parseState(std::string_view text) {
  if (text == "healthy") return HealthState::Healthy;
  if (text == "unhealthy") return HealthState::Unhealthy;
  if (text == "pending") return HealthState::Pending;
  return std::nullopt;
}

/// Copies an integer field into `into` when present and valid; otherwise notes the problem.
template <typename Int>
void readInt(const std::map<std::string, std::string>& fields, const char* name, Int min, Int& into,
             std::vector<std::string>& problems) {
  const auto it = fields.find(name);
  if (it == fields.end()) return;
  const auto value = parseNumber<Int>(it->second);
  if (!value || *value < min) {
    problems.push_back(std::string("field '") + name + "' is not a number >= " + std::to_string(min) + ": '" +
                       it->second + "'");
    return;
  }
  into = *value;
}

}  // namespace

std::string targetHashKey(const std::string& prefix, const std::string& target_key) {
  return prefix + ":target:" + target_key;
}
std::string serviceHashKey(const std::string& prefix, const std::string& service) {
  return prefix + ":service:" + service;
}
std::string targetIndexKey(const std::string& prefix) { return prefix + ":targets"; }
std::string notificationLogKey(const std::string& prefix) { return prefix + ":notified"; }
std::string serviceIndexKey(const std::string& prefix) { return prefix + ":services"; }
std::string transitionStreamKey(const std::string& prefix) { return prefix + ":transitions"; }

RedisFields targetFields(const TargetRecord& target) {
  return {
      {"state", std::string(toString(target.state))},
      {"consecutive_up", std::to_string(target.consecutive_up)},
      {"consecutive_down", std::to_string(target.consecutive_down)},
      {"last_change_ms", std::to_string(target.last_change_ms)},
      {"last_outcome", target.last_outcome},
      {"last_error", target.last_error},
      {"latency_us", std::to_string(target.latency_us)},
      {"probe_kind", target.probe_kind},
      {"cert_days_left", target.cert_days_left ? std::to_string(*target.cert_days_left) : std::string()},
      {"service", target.service},
      {"name", target.name},
      {"ip", target.ip},
      {"port", std::to_string(target.port)},
  };
}

RedisFields serviceFields(const ServiceRecord& service) {
  return {
      {"namespace", service.ns},
      {"name", service.name},
      {"addresses", jsonStringArray(service.addresses)},
      {"resource_version", service.resource_version},
      {"written_ms", std::to_string(service.written_ms)},
  };
}

RedisFields transitionFields(const TransitionRecord& transition) {
  return {
      {"service", transition.service},
      {"target", transition.target},
      {"ip", transition.ip},
      {"port", std::to_string(transition.port)},
      {"from", std::string(toString(transition.from))},
      {"to", std::string(toString(transition.to))},
      {"outcome", transition.outcome},
      {"error", transition.error},
      {"at_ms", std::to_string(transition.at_ms)},
  };
}

std::optional<TargetRecord> parseTargetFields(const std::map<std::string, std::string>& fields,
                                              std::vector<std::string>& problems) {
  TargetRecord target;
  const auto service = fields.find("service");
  const auto ip = fields.find("ip");
  const auto port_field = fields.find("port");
  if (service == fields.end() || service->second.empty()) {
    problems.emplace_back("field 'service' is missing");
    return std::nullopt;
  }
  if (ip == fields.end() || ip->second.empty()) {
    problems.emplace_back("field 'ip' is missing");
    return std::nullopt;
  }
  if (port_field == fields.end()) {
    problems.emplace_back("field 'port' is missing");
    return std::nullopt;
  }
  const auto port = parseNumber<int>(port_field->second);
  if (!port || *port < 1 || *port > std::numeric_limits<std::uint16_t>::max()) {
    problems.push_back("field 'port' is not a port number: '" + port_field->second + "'");
    return std::nullopt;
  }
  target.service = service->second;
  target.ip = ip->second;
  target.port = static_cast<std::uint16_t>(*port);
  if (const auto name = fields.find("name"); name != fields.end()) target.name = name->second;

  if (const auto state = fields.find("state"); state != fields.end()) {
    if (const auto parsed = parseState(state->second)) {
      target.state = *parsed;
    } else {
      problems.push_back("field 'state' is not healthy, unhealthy or pending: '" + state->second + "'");
    }
  }
  readInt(fields, "consecutive_up", 0, target.consecutive_up, problems);
  readInt(fields, "consecutive_down", 0, target.consecutive_down, problems);
  readInt(fields, "last_change_ms", 0LL, target.last_change_ms, problems);
  readInt(fields, "latency_us", 0LL, target.latency_us, problems);
  if (const auto outcome = fields.find("last_outcome"); outcome != fields.end())
    target.last_outcome = outcome->second;
  if (const auto error = fields.find("last_error"); error != fields.end()) target.last_error = error->second;
  if (const auto kind = fields.find("probe_kind"); kind != fields.end()) {
    if (probeKindFromString(kind->second)) {
      target.probe_kind = kind->second;
    } else {
      problems.push_back("field 'probe_kind' is not a probe kind: '" + kind->second + "'");
    }
  }
  if (const auto days = fields.find("cert_days_left"); days != fields.end() && !days->second.empty()) {
    if (const auto value = parseNumber<double>(days->second); value && std::isfinite(*value)) {
      target.cert_days_left = *value;
    } else {
      problems.push_back("field 'cert_days_left' is not a number: '" + days->second + "'");
    }
  }
  return target;
}

}  // namespace lecter::store
