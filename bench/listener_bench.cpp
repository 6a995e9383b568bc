// bench/listener_bench: what my_conf.listen costs in steady state. The real lecter binary probes
// 10,000 loopback targets (100 services of 100 addresses, each service's port one listener on
// 0.0.0.0 whose accepts are drained between cycles by this process) every interval, once without a
// listener and once with one scraped every second (/metrics, as Prometheus does). It prints lecter's
// CPU time per cycle for each run, from /proc/PID/stat, over the cycles ended in the measured
// window (counted from lecter's "cycle over" debug lines), and the ratio of the two.
//
// Loopback targets are refused in a real Endpoints object, so lecter runs with --dry-run against an
// ApiServer address where nothing listens: the probing, health, plan, metrics and status work of each
// cycle are all there, the writes (none in steady state anyway) are not. Its per-cycle dry-run
// printout goes to a file in both runs alike.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "deferred_accept_listeners.h"
#include "metrics_scrape.h"
#include "support/common/free_port.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"

namespace {

constexpr char kProgram[] = "listener_bench";

struct Options {
  std::size_t services = 100;
  std::size_t addresses = 100;  // per service
  std::size_t interval_ms = 1000;
  std::size_t warmup_s = 5;
  std::size_t measure_s = 120;  // a cycle more or less in a 30 s window moves the ratio by 5 %
};

Options parseOptions(int argc, char** argv) {
  Options options;
  lecter::bench::forEachFlag(
      kProgram, argc, argv,
      "listener_bench [--services N] [--addresses-per-service N] [--interval-ms MS] [--warmup-s S] "
      "[--measure-s S]",
      [&options](const std::string& flag, const std::string& value) {
        const auto count = [&](std::size_t min, std::size_t max) {
          return lecter::bench::parseCount(kProgram, flag, value, min, max);
        };
        if (flag == "--services") {
          options.services = count(1, 1000);
        } else if (flag == "--addresses-per-service") {
          options.addresses = count(1, 250);
        } else if (flag == "--interval-ms") {
          options.interval_ms = count(100, 60000);
        } else if (flag == "--warmup-s") {
          options.warmup_s = count(0, 600);
        } else if (flag == "--measure-s") {
          options.measure_s = count(1, 3600);
        } else {
          lecter::bench::usageError(kProgram, "unknown flag " + flag);
        }
      });
  return options;
}

std::string configFor(const Options& options, const std::vector<std::uint16_t>& ports,
                      const std::string& token_file) {
  std::ostringstream yaml;
  yaml << "my_conf:\n  interval: " << options.interval_ms << "\n  pingtimeout: 500\n";
  // Nothing listens there: each service's read is refused at once, the same in both runs.
  yaml << "kubernetes_conf:\n  url: https://127.0.0.1:1\n  token_file: " << token_file << "\n";
  yaml << "service_info:\n";
  for (std::size_t s = 0; s < options.services; ++s)
    yaml << "  svc" << s << ":\n    namespace: bench\n    name: svc" << s << "\n";
  yaml << "service_healthcheck_list:\n";
  for (std::size_t s = 0; s < options.services; ++s) {
    yaml << "  svc" << s << ":\n  - port: " << ports[s] << "\n  - iplist:\n";
    for (std::size_t a = 0; a < options.addresses; ++a)
      yaml << "    - name: n" << a << "\n      ip: 127.0." << (1 + s / 250) << "." << (1 + a) << "\n";
  }
  yaml << "endpoint_template:\n  kind: Endpoints\n  apiVersion: v1\n  metadata:\n    name: x\n"
          "    namespace: bench\n  subsets:\n    - addresses:\n        - ip: 10.0.0.1\n      ports:\n"
          "        - port: 1\n          protocol: TCP\n";
  return yaml.str();
}

/// utime + stime of `pid`, in seconds.
double cpuSeconds(pid_t pid) {
  std::string text;
  std::getline(std::ifstream("/proc/" + std::to_string(pid) + "/stat"), text);
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) {
      stime = std::stoull(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::size_t cyclesEnded(const lecter::testing::Subprocess& lecter) {
  const std::string err = lecter.err();
  std::size_t count = 0;
  for (auto at = err.find("cycle over:"); at != std::string::npos; at = err.find("cycle over:", at + 1))
    ++count;
  return count;
}

struct RunFigures {
  std::size_t cycles = 0;
  double cpu_seconds = 0;
  std::size_t scrapes = 0;
  std::size_t failed_scrapes = 0;
};

RunFigures measure(const Options& options, const std::string& config_path, bool listen) {
  std::vector<std::string> argv{LECTER_BINARY, "-f", config_path, "--dry-run", "--log-level", "debug"};
  std::uint16_t port = 0;
  if (listen) {
    port = lecter::testing::freeLoopbackPort();
    argv.push_back("--listen");
    argv.push_back("127.0.0.1:" + std::to_string(port));
  }
  lecter::testing::Subprocess lecter(argv);
  std::this_thread::sleep_for(std::chrono::seconds(options.warmup_s));
  const double cpu_before = cpuSeconds(lecter.pid());
  const std::size_t cycles_before = cyclesEnded(lecter);
  RunFigures figures;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(options.measure_s);
  for (auto next = std::chrono::steady_clock::now(); next < end; next += std::chrono::seconds(1)) {
    std::this_thread::sleep_until(next);
    if (!listen) continue;
    ++figures.scrapes;
    if (lecter::testing::httpGet(port, "/metrics").status != 200) ++figures.failed_scrapes;
  }
  figures.cpu_seconds = cpuSeconds(lecter.pid()) - cpu_before;
  figures.cycles = cyclesEnded(lecter) - cycles_before;
  if (figures.cycles == 0) {
    const std::string err = lecter.err();
    std::fprintf(stderr, "listener_bench: lecter ended no cycle; its last words:\n%s\n",
                 err.substr(err.size() > 2000 ? err.size() - 2000 : 0).c_str());
  }
  return figures;
}

void print(const Options& options, const char* listener, const RunFigures& f) {
  std::printf(
      "{\"bench\":\"listener\",\"targets\":%zu,\"interval_ms\":%zu,\"listener\":\"%s\",\"scrapes\":%zu,"
      "\"failed_scrapes\":%zu,\"cycles\":%zu,\"cpu_s\":%.3f,\"cpu_ms_per_cycle\":%.2f}\n",
      options.services * options.addresses, options.interval_ms, listener, f.scrapes, f.failed_scrapes,
      f.cycles, f.cpu_seconds, f.cycles == 0 ? 0.0 : f.cpu_seconds * 1000 / static_cast<double>(f.cycles));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  lecter::bench::DeferredAcceptListeners listeners(options.services);
  std::atomic<bool> done{false};
  std::thread drainer([&] {
    while (!done) {
      listeners.drain();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const lecter::testing::TempDir dir;
  const std::string config =
      dir.write("config.yaml", configFor(options, listeners.ports(), dir.write("token", "bench-token\n")));
  const RunFigures off = measure(options, config, false);
  print(options, "off", off);
  const RunFigures on = measure(options, config, true);
  print(options, "on", on);
  done = true;
  drainer.join();
  const double per_off = off.cycles == 0 ? 0 : off.cpu_seconds / static_cast<double>(off.cycles);
  const double per_on = on.cycles == 0 ? 0 : on.cpu_seconds / static_cast<double>(on.cycles);
  std::printf("{\"bench\":\"listener\",\"cpu_per_cycle_on_over_off\":%.3f}\n",
              per_off == 0 ? 0.0 : per_on / per_off);
  return off.cycles == 0 || on.cycles == 0 || on.failed_scrapes != 0 ? 1 : 0;
}
