#include "lecter/obs/log.h"

#include <spdlog/sinks/sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <memory>
#include <utility>

#include "json_line_formatter.h"
#include "lecter/obs/secrets.h"

namespace lecter::log {
namespace {

/// Hands every line to `inner` with the secrets redacted: whatever a caller formats into a line, a
/// token or a password it quotes never reaches the log.
class RedactingSink final : public spdlog::sinks::sink {
 public:
  explicit RedactingSink(std::shared_ptr<spdlog::sinks::sink> inner) : inner_(std::move(inner)) {}

  void log(const spdlog::details::log_msg& msg) override {
    const std::string clean = secrets::redact(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy = msg;
    copy.payload = clean;
    inner_->log(copy);
  }
  void flush() override { inner_->flush(); }
  void set_pattern(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  std::shared_ptr<spdlog::sinks::sink> inner_;
};

}  // namespace

namespace {
thread_local std::vector<Field> this_thread_fields;
}  // namespace

ScopedFields::ScopedFields(std::initializer_list<Field> fields) : outer_count_(this_thread_fields.size()) {
  this_thread_fields.insert(this_thread_fields.end(), fields.begin(), fields.end());
}

ScopedFields::~ScopedFields() { this_thread_fields.resize(outer_count_); }

const std::vector<Field>& currentFields() { return this_thread_fields; }

bool isLevelName(const std::string& level) {
  return level == "trace" || level == "debug" || level == "info" || level == "warn" || level == "warning" ||
         level == "error" || level == "off";
}

bool setup(const std::string& level, Format format) {
  if (!isLevelName(level)) return false;
  spdlog::drop("lecter");
  auto sink = std::make_shared<RedactingSink>(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  auto logger = std::make_shared<spdlog::logger>("lecter", std::move(sink));
  spdlog::register_logger(logger);
  if (format == Format::Json) {
    logger->set_formatter(std::make_unique<JsonLineFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  }
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  return true;
}

}  // namespace lecter::log
