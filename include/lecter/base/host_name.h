#pragma once
/// The name of this machine, as Events name their reporting instance. Safe to call from any thread.

#include <string>

namespace lecter {

/// gethostname(), or "unknown" when it cannot be read.
std::string hostName();

}  // namespace lecter
