#include "support/netns/ip_command.h"

#include <chrono>
#include <stdexcept>

#include "support/common/subprocess.h"

namespace lecter::testing {

namespace {
constexpr std::chrono::seconds kIpTimeout{10};

RunResult run(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  return runToCompletion(std::move(argv), {}, kIpTimeout);
}
}  // namespace

std::string runIp(const std::vector<std::string>& args) {
  const RunResult result = run(args);
  if (result.exit_code != 0) {
    std::string command = "ip";
    for (const auto& a : args) command += " " + a;
    throw std::runtime_error("`" + command + "` failed (exit " + std::to_string(result.exit_code) +
                             "): " + result.err);
  }
  return result.out;
}

void runIpQuietly(const std::vector<std::string>& args) { (void)run(args); }

}  // namespace lecter::testing
