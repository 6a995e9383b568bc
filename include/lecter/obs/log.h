#pragma once
/// The one door to spdlog. Log lines are for people at 3 a.m.: a line per transition and per write
/// at info, quiet in steady state, and never a token or a password.

#include <spdlog/spdlog.h>

#include <string>

namespace lecter::log {

using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::trace;
using spdlog::warn;

/// How a line is written: `Text` for people ("2026-12-01T20:55:59.199+00:00 info …"), `Json` for log
/// collectors: one object per line, {"time":…,"level":…,"message":…}.
enum class Format { Text, Json };

/// Sets up the process-wide logger on stderr. `level` is one of trace, debug, info, warn, error, off.
/// Returns false (and leaves the level alone) when the name is unknown.
bool setup(const std::string& level, Format format = Format::Text);

/// True when `level` names a log level setup() accepts.
bool isLevelName(const std::string& level);

}  // namespace lecter::log
