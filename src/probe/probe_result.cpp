#include "lecter/probe/probe_result.h"

#include <array>
#include <cstddef>

namespace lecter {

std::string_view toString(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::Up:
      return "up";
    case ProbeOutcome::Refused:
      return "refused";
    case ProbeOutcome::Timeout:
      return "timeout";
    case ProbeOutcome::Unreachable:
      return "unreachable";
    case ProbeOutcome::OtherError:
      return "other_error";
    case ProbeOutcome::Unhealthy:
      return "unhealthy";
    case ProbeOutcome::LocalError:
      return "local_error";
  }
  return "other_error";
}

std::optional<ProbeOutcome> probeOutcomeFromString(std::string_view text) {
  for (std::size_t i = 0; i < kProbeOutcomeCount; ++i) {
    if (toString(static_cast<ProbeOutcome>(i)) == text) return static_cast<ProbeOutcome>(i);
  }
  return std::nullopt;
}

std::string describeOutcomes(const std::vector<ProbeResult>& results) {
  std::array<std::size_t, kProbeOutcomeCount> counts{};
  for (const ProbeResult& result : results) ++counts.at(static_cast<std::size_t>(result.outcome));
  std::string text;
  for (std::size_t i = 0; i < kProbeOutcomeCount; ++i) {
    if (counts[i] == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::to_string(counts[i]);
    text += ' ';
    text += toString(static_cast<ProbeOutcome>(i));
  }
  if (text.empty()) text = "none";
  return text;
}

}  // namespace lecter
