#pragma once
/// Calendar time written the one way lecter writes it: RFC 3339 in UTC ("2026-12-01T23:40:05Z").

#include <string>

namespace lecter {

/// `unix_ms` as "YYYY-MM-DDTHH:MM:SSZ", or "YYYY-MM-DDTHH:MM:SS.mmmZ" with milliseconds.
std::string utcTimestamp(long long unix_ms, bool with_millis = false);

}  // namespace lecter
