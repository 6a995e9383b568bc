#include "status_text.h"

#include <cstdio>

namespace lecter::status_text {

std::string latency(long long latency_us) {
  if (latency_us <= 0) return "";
  char text[32];
  if (latency_us < 1000) {
    std::snprintf(text, sizeof text, "%lld µs", latency_us);
  } else if (latency_us < 1000 * 1000) {
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(latency_us) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(latency_us) / 1e6);
  }
  return text;
}

std::string age(long long since_ms, long long now_ms) {
  if (since_ms <= 0) return "";
  const long long seconds = now_ms > since_ms ? (now_ms - since_ms) / 1000 : 0;
  constexpr long long kMinute = 60;
  constexpr long long kHour = 60 * kMinute;
  constexpr long long kDay = 24 * kHour;
  const auto two = [](long long big, const char* big_unit, long long small, const char* small_unit) {
    return std::to_string(big) + big_unit + " " + std::to_string(small) + small_unit;
  };
  if (seconds < kMinute) return std::to_string(seconds) + "s";
  if (seconds < kHour) return two(seconds / kMinute, "m", seconds % kMinute, "s");
  if (seconds < kDay) return two(seconds / kHour, "h", seconds % kHour / kMinute, "m");
  return two(seconds / kDay, "d", seconds % kDay / kHour, "h");
}

std::string probe(const std::string& kind, const std::optional<double>& cert_days_left) {
  if (!cert_days_left) return kind;
  char text[64];
  std::snprintf(text, sizeof text, ", cert %.1f d", *cert_days_left);
  return kind + text;
}

}  // namespace lecter::status_text
