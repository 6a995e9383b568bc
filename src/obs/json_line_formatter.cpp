#include "json_line_formatter.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "lecter/base/utc_time.h"
#include "lecter/obs/log.h"
#include "lecter/obs/secrets.h"

namespace lecter::log {
namespace {

std::string utcTime(spdlog::log_clock::time_point at) {
  return utcTimestamp(std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count(),
                      true);
}

}  // namespace

void JsonLineFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const auto level = spdlog::level::to_string_view(msg.level);
  nlohmann::ordered_json line{{"time", utcTime(msg.time)},
                              {"level", std::string(level.data(), level.size())},
                              {"message", std::string(msg.payload.data(), msg.payload.size())}};
  // The formatter runs on the thread that logs (the logger is synchronous): its fields are this line's.
  for (const Field& field : currentFields()) {
    const std::string_view key = field.key;
    if (key == "time" || key == "level" || key == "message") continue;
    line[field.key] = secrets::redact(field.value);  // a field may quote an answer, as a message may
  }
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  dest.append(text.data(), text.data() + text.size());
  dest.push_back('\n');
}

std::unique_ptr<spdlog::formatter> JsonLineFormatter::clone() const {
  return std::make_unique<JsonLineFormatter>();
}

}  // namespace lecter::log
