#include "lecter/obs/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <memory>

namespace lecter::log {

bool isLevelName(const std::string& level) {
  return level == "trace" || level == "debug" || level == "info" || level == "warn" || level == "error" ||
         level == "off";
}

bool setup(const std::string& level) {
  if (!isLevelName(level)) return false;
  spdlog::drop("lecter");
  auto logger = spdlog::stderr_color_mt("lecter");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  return true;
}

}  // namespace lecter::log
