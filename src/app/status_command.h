#pragma once
// `lecter status`: the state of every target of a config, read from the running daemon's
// /status.json when my_conf.listen is set, else from the state store in Redis.

#include <iosfwd>
#include <string>

#include "lecter/base/clock.h"
#include "lecter/config/config.h"

namespace lecter {

struct StatusCommandOptions {
  std::string from = "auto";     // auto (the listener when set, else Redis), listener or redis
  std::string output = "table";  // table or json
  bool color = false;            // ANSI colours in the table
};

/// Prints the state to `out` and any problem to `err`. Returns 0 when every service has a healthy
/// target, 1 when one has none, 2 when no source could be read.
int runStatusCommand(const Config& config, const StatusCommandOptions& options, const Clock& clock,
                     std::ostream& out, std::ostream& err);

}  // namespace lecter
