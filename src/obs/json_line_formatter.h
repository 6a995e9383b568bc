#pragma once
// --log-format json: each log line as one JSON object, for log collectors (Loki, Elasticsearch).

#include <spdlog/formatter.h>

#include <memory>

namespace lecter::log {

/// {"time":"2026-12-01T20:55:59.199Z","level":"info","message":"…"}: time in UTC with milliseconds,
/// spdlog's level name, the message with any invalid UTF-8 replaced (an answer may carry it), then
/// the logging thread's fields (log::ScopedFields), redacted as the message is.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace lecter::log
