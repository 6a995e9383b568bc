#pragma once
/// The one door to spdlog. Log lines are for people at 3 a.m.: a line per transition and per write
/// at info, quiet in steady state, and never a token or a password.

#include <spdlog/spdlog.h>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace lecter::log {

using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::trace;
using spdlog::warn;

/// At info when `loud`, else at debug: a line that matters only to some who read it.
template <typename... Args>
void infoOrDebug(bool loud, spdlog::format_string_t<Args...> format, Args&&... args) {
  spdlog::log(loud ? spdlog::level::info : spdlog::level::debug, format, std::forward<Args>(args)...);
}

/// How a line is written: `Text` for people ("2026-12-01T20:55:59.199+00:00 info …"), `Json` for log
/// collectors: one object per line, {"time":…,"level":…,"message":…}.
enum class Format { Text, Json };

/// Sets up the process-wide logger on stderr. `level` is one of trace, debug, info, warn, error, off.
/// Returns false (and leaves the level alone) when the name is unknown.
bool setup(const std::string& level, Format format = Format::Text);

/// True when `level` names a log level setup() accepts.
bool isLevelName(const std::string& level);

/// What a line is about, besides its message, for log collectors to select on: with --log-format
/// json each is a member of the line's object ("service":"db"); text lines leave them out, as their
/// messages already name them. Keys are lower-case words other than time, level and message.
struct Field {
  const char* key;
  std::string value;
};

/// The fields of every line this thread logs while it lives; a nested one adds to the outer ones
/// (and wins for a key they share).
class ScopedFields {
 public:
  ScopedFields(std::initializer_list<Field> fields);
  ~ScopedFields();
  ScopedFields(const ScopedFields&) = delete;
  ScopedFields& operator=(const ScopedFields&) = delete;

 private:
  std::size_t outer_count_;
};

/// This thread's fields now, outermost first.
const std::vector<Field>& currentFields();

}  // namespace lecter::log
