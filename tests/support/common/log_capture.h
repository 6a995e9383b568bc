#pragma once
/// Captures what lecter logs while it lives, so tests can count warnings and check that no secret
/// is ever written. Tests read log lines, which only spdlog's sink interface can hand over: this is
/// the one test file that reaches past lecter/obs/log.h.

#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lecter/obs/log.h"

namespace lecter::testing {

struct LogLine {
  spdlog::level::level_enum level;
  std::string text;
};

class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<Sink>()), previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  [[nodiscard]] std::vector<LogLine> lines() const {
    std::lock_guard<std::mutex> lock(sink_->lines_mutex);
    return sink_->lines;
  }
  /// Lines at `level` exactly.
  [[nodiscard]] std::vector<std::string> at(spdlog::level::level_enum level) const {
    std::vector<std::string> out;
    for (const auto& line : lines()) {
      if (line.level == level) out.push_back(line.text);
    }
    return out;
  }
  [[nodiscard]] std::vector<std::string> warnings() const { return at(spdlog::level::warn); }
  /// Every line, whatever its level, one per line.
  [[nodiscard]] std::string all() const {
    std::string out;
    for (const auto& line : lines()) out += line.text + "\n";
    return out;
  }
  void clear() {
    std::lock_guard<std::mutex> lock(sink_->lines_mutex);
    sink_->lines.clear();
  }

 private:
  struct Sink final : spdlog::sinks::base_sink<std::mutex> {
    std::mutex lines_mutex;
    std::vector<LogLine> lines;

   protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
      std::lock_guard<std::mutex> lock(lines_mutex);
      lines.push_back({msg.level, std::string(msg.payload.begin(), msg.payload.end())});
    }
    void flush_() override {}
  };
  std::shared_ptr<Sink> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

/// How many of `lines` contain `needle`.
inline std::size_t countContaining(const std::vector<std::string>& lines, const std::string& needle) {
  std::size_t count = 0;
  for (const auto& line : lines) {
    if (line.find(needle) != std::string::npos) ++count;
  }
  return count;
}

}  // namespace lecter::testing
