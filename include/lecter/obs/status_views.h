#pragma once
/// The three ways a status snapshot is shown: /status.json (and read back by `lecter status`), the
/// /status HTML page, and the terminal table of `lecter status`.

#include <stdexcept>
#include <string>
#include <string_view>

#include "lecter/obs/status_board.h"

namespace lecter {

/// /status.json could not be read; the message names the field and what was wrong with it.
class StatusFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string statusJson(const StatusSnapshot& snapshot);
/// The inverse of statusJson. Throws StatusFormatError.
StatusSnapshot statusFromJson(std::string_view text);

/// One self-contained HTML page (inline CSS and SVG, no script, no external asset) that asks the
/// browser to reload it every `refresh_seconds`.
std::string statusPage(const StatusSnapshot& snapshot, int refresh_seconds);

/// A summary line per service and a row per target, "since" relative to `now_ms`; `color` adds ANSI
/// colours by state (for a terminal).
std::string statusTable(const StatusSnapshot& snapshot, long long now_ms, bool color);

}  // namespace lecter
