// A target hash as HGETALL returns it (here one `field=value` per line) → parseTargetFields. Either
// nullopt with a problem said, or a record that identifies its target and survives being written
// (targetFields) and read again unchanged, without problems.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "store/redis_schema.h"

namespace {

using lecter::fuzz::check;

std::map<std::string, std::string> fieldsFrom(std::string_view text) {
  std::map<std::string, std::string> fields;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    const std::size_t equals = line.find('=');
    // Later fields win, as when parseTarget fills its map from the reply.
    if (equals != std::string_view::npos)
      fields[std::string(line.substr(0, equals))] = std::string(line.substr(equals + 1));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return fields;
}

bool sameRecord(const lecter::TargetRecord& a, const lecter::TargetRecord& b) {
  return a.service == b.service && a.name == b.name && a.ip == b.ip && a.port == b.port &&
         a.state == b.state && a.consecutive_up == b.consecutive_up &&
         a.consecutive_down == b.consecutive_down && a.last_change_ms == b.last_change_ms &&
         a.last_outcome == b.last_outcome && a.last_error == b.last_error && a.latency_us == b.latency_us;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::map<std::string, std::string> fields =
      fieldsFrom(std::string_view(reinterpret_cast<const char*>(data), size));
  std::vector<std::string> problems;
  const auto target = lecter::store::parseTargetFields(fields, problems);
  if (!target) {
    check(!problems.empty(), "a target not read says why");
    return 0;
  }
  check(!target->service.empty() && !target->ip.empty() && target->port >= 1, "the target is identified");
  check(target->consecutive_up >= 0 && target->consecutive_down >= 0 && target->last_change_ms >= 0 &&
            target->latency_us >= 0,
        "counts and times are not negative");

  std::map<std::string, std::string> written;
  for (const auto& [field, value] : lecter::store::targetFields(*target)) written[field] = value;
  std::vector<std::string> reread_problems;
  const auto reread = lecter::store::parseTargetFields(written, reread_problems);
  check(reread.has_value() && reread_problems.empty(), "a record read back reads again without problems");
  check(sameRecord(*reread, *target), "a record survives being written and read again");
  return 0;
}
