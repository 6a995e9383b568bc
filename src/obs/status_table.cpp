// The table of `lecter status`: columns padded to their widest cell, the state coloured on a
// terminal. Every cell goes through oneLine, so text from /status.json or Redis cannot move the
// cursor or forge a row.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "lecter/base/one_line.h"
#include "lecter/obs/status_views.h"
#include "status_text.h"

namespace lecter {
namespace {

constexpr std::size_t kColumns = 8;
constexpr std::size_t kStateColumn = 4;
using Row = std::array<std::string, kColumns>;

/// Columns on a terminal: UTF-8 continuation bytes take none.
std::size_t displayWidth(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string orDash(const std::string& text) { return text.empty() ? "-" : oneLine(text); }

const char* colourOf(const std::string& state) {
  if (state == "healthy") return "\x1b[32m";
  if (state == "unhealthy") return "\x1b[31m";
  return "\x1b[33m";
}

}  // namespace

std::string statusTable(const StatusSnapshot& snapshot, long long now_ms, bool color) {
  std::vector<Row> rows{{"SERVICE", "TARGET", "ADDRESS", "PROBE", "STATE", "SINCE", "LAST ERROR", "LATENCY"}};
  for (const StatusTarget& target : snapshot.targets) {
    rows.push_back({orDash(target.service), orDash(target.name), orDash(target.address),
                    orDash(status_text::probe(target.probe, target.cert_days_left)), orDash(target.state),
                    orDash(status_text::age(target.since_ms, now_ms)), orDash(target.error),
                    orDash(status_text::latency(target.latency_us))});
  }
  std::array<std::size_t, kColumns> widths{};
  for (const Row& row : rows) {
    for (std::size_t c = 0; c < kColumns; ++c) widths[c] = std::max(widths[c], displayWidth(row[c]));
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < kColumns; ++c) {
      const std::string& cell = rows[r][c];
      const bool last = c + 1 == kColumns;
      const std::string padding = last ? "" : std::string(widths[c] - displayWidth(cell) + 2, ' ');
      if (color && r > 0 && c == kStateColumn) {
        line += colourOf(snapshot.targets[r - 1].state) + cell + "\x1b[0m" + padding;
      } else {
        line += cell + padding;
      }
    }
    out += line + "\n";
  }
  out += "\n";
  if (snapshot.election) out += oneLine(electionLine(*snapshot.election)) + "\n";
  for (const StatusService& service : snapshot.services) {
    std::string line = oneLine(service.service) + ": " + std::to_string(service.healthy) + " of " +
                       std::to_string(service.targets) + " healthy";
    if (!service.sync.empty()) line += ", last sync " + oneLine(service.sync);
    if (color && service.healthy == 0) line = "\x1b[31m" + line + "\x1b[0m";
    out += line + "\n";
  }
  return out;
}

}  // namespace lecter
