#pragma once
/// The command line and the wiring: the only place that knows the concrete types.

namespace lecter {

/// Parses the command line, loads the config, wires the real parts and runs. Returns the exit code:
/// 0 success, 1 a --once cycle with a failed write, 2 usage or config error.
int runApp(int argc, char** argv);

}  // namespace lecter
