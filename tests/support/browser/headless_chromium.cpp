#include "support/browser/headless_chromium.h"

#include <filesystem>
#include <vector>

#include "support/common/temp_dir.h"

namespace lecter::testing {
namespace {

constexpr auto kBrowserTimeout = std::chrono::seconds(60);

/// A fresh profile each time, no sandbox (the tests run as root), and none of Chromium's own
/// traffic: this machine's network refuses or misleads every connection beyond loopback.
RunResult runChromium(const std::vector<std::string>& args) {
  const TempDir profile;
  std::vector<std::string> argv{"chromium",
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--disable-dev-shm-usage",
                                "--user-data-dir=" + profile.path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return runToCompletion(argv, {}, kBrowserTimeout);
}

}  // namespace

RunResult dumpDom(const std::string& url) { return runChromium({"--dump-dom", url}); }

bool screenshot(const std::string& url, const std::string& png_path) {
  std::filesystem::remove(png_path);
  const RunResult run = runChromium({"--window-size=1280,800", "--screenshot=" + png_path, url});
  return run.exit_code == 0 && std::filesystem::exists(png_path) && std::filesystem::file_size(png_path) > 0;
}

std::string artifactPath(const std::string& file_name) {
  std::filesystem::create_directories(LECTER_ARTIFACT_DIR);
  return std::string(LECTER_ARTIFACT_DIR) + "/" + file_name;
}

}  // namespace lecter::testing
