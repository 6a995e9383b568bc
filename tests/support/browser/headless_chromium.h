#pragma once
/// Debian's Chromium, headless, loading a page served on loopback: what a person's browser would
/// make of it (the DOM after parsing, a screenshot).

#include <string>

#include "support/common/subprocess.h"

namespace lecter::testing {

/// `chromium --headless --dump-dom URL`: the DOM as Chromium built it, in `out`.
RunResult dumpDom(const std::string& url);

/// A screenshot of `url` at 1280×800, written to `png_path`. True when Chromium wrote it.
bool screenshot(const std::string& url, const std::string& png_path);

/// Where the tests keep what a person may want to look at after a run (the build's artifacts/).
std::string artifactPath(const std::string& file_name);

}  // namespace lecter::testing
