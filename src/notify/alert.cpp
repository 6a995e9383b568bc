#include "lecter/notify/alert.h"

#include <array>
#include <cstdint>

namespace lecter {

std::string Alert::key() const {
  std::string key(toString(event));
  key += '|';
  key += service;
  key += '|';
  key += address;
  return key;
}

std::string_view alertName(AlertEvent event) {
  switch (event) {
    case AlertEvent::TargetDown:
      return "LecterTargetDown";
    case AlertEvent::ServiceDown:
      return "LecterServiceDown";
    case AlertEvent::WritesFailing:
      return "LecterWritesFailing";
    case AlertEvent::PartitionGuard:
      return "LecterPartitionGuard";
  }
  return "LecterTargetDown";
}

std::map<std::string, std::string> alertLabels(const Alert& alert) {
  std::map<std::string, std::string> labels;
  labels["alertname"] = std::string(alertName(alert.event));
  // A service with nothing healthy is traffic with nowhere to go; the rest is capacity lost.
  labels["severity"] = alert.event == AlertEvent::ServiceDown ? "critical" : "warning";
  if (!alert.service.empty()) labels["service"] = alert.service;
  if (!alert.ns.empty()) labels["namespace"] = alert.ns;
  if (!alert.name.empty()) labels["name"] = alert.name;
  if (!alert.target.empty()) labels["target"] = alert.target;
  if (!alert.address.empty()) labels["address"] = alert.address;
  return labels;
}

std::string fingerprint(const std::map<std::string, std::string>& labels) {
  constexpr std::uint64_t kOffset = 14695981039346656037ULL;
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  std::uint64_t hash = kOffset;
  const auto add = [&hash](std::string_view text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= kPrime;
    }
    hash ^= 0xffU;
    hash *= kPrime;
  };
  for (const auto& [name, value] : labels) {  // std::map: sorted by name, as Alertmanager sorts
    add(name);
    add(value);
  }
  constexpr std::array<char, 17> kHex{"0123456789abcdef"};
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i) {
    text[static_cast<std::size_t>(i)] = kHex[hash & 0xfU];
    hash >>= 4U;
  }
  return text;
}

}  // namespace lecter
