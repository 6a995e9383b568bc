#pragma once
// `lecter notify-test`: one test message to each receiver of a config (or to the one named), each
// answer printed, for someone setting up a robot.

#include <iosfwd>
#include <string>

#include "lecter/config/config.h"
#include "lecter/kube/http_client.h"

namespace lecter {

/// Sends through `http` (full URLs, no base). Returns 0 when every message arrived, 1 when one did
/// not, 2 when there is no receiver (by that name).
int runNotifyTestCommand(const Config& config, const std::string& receiver, HttpClient& http,
                         long long now_ms, std::ostream& out, std::ostream& err);

}  // namespace lecter
