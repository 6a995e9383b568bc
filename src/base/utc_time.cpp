#include "lecter/base/utc_time.h"

#include <cstdio>
#include <ctime>

namespace lecter {

std::string utcTimestamp(long long unix_ms, bool with_millis) {
  constexpr long long kMillisPerSecond = 1000;
  long long seconds = unix_ms / kMillisPerSecond;
  long long millis = unix_ms % kMillisPerSecond;
  if (millis < 0) {  // before 1970: floor, so the fraction counts forward from a whole second
    millis += kMillisPerSecond;
    --seconds;
  }
  const auto since_epoch = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&since_epoch, &utc);
  char text[64];  // room for any int the compiler can imagine in each field
  if (with_millis) {
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  } else {
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  }
  return text;
}

}  // namespace lecter
