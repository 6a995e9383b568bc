#include "lecter/app/app.h"

#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

#include "cycle_metrics.h"
#include "cycle_printer.h"
#include "cycle_status.h"
#include "election.h"
#include "lecter/app/runtime.h"
#include "lecter/base/file_reading.h"
#include "lecter/base/host_name.h"
#include "lecter/config/config_loader.h"
#include "lecter/daemon/config_file_watch.h"
#include "lecter/daemon/daemon.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/notify/notifier.h"
#include "lecter/obs/log.h"
#include "lecter/obs/secrets.h"
#include "lecter/store/redis_notification_log_store.h"
#include "notify_test_command.h"
#include "ops_routes.h"
#include "status_command.h"

namespace lecter {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitWriteFailed = 1;
constexpr int kExitUsage = 2;
/// Larger than any config the loader takes (16 MiB): only compared, never parsed.
constexpr std::size_t kConfigTextLimit = 32U * 1024 * 1024;

struct CommandLine {
  std::string config_file;
  bool once = false;
  bool dry_run = false;
  bool check = false;
  bool leader_elect = false;  // --leader-elect: kubernetes_conf.leader_election.enabled
  std::string log_level = "info";
  std::string log_format = "text";
  std::optional<std::string> listen;  // --listen: replaces my_conf.listen
  std::string status_file;            // lecter status -f: wins over lecter -f
  StatusCommandOptions status;
  std::string notify_test_file;      // lecter notify-test -f: wins over lecter -f
  std::string notify_test_receiver;  // lecter notify-test --receiver: only this one
};

/// What lecter shows of itself; it lives as long as the process, across reloads.
struct Observability {
  Observability(const Clock& system_clock, const Config& config)
      : metrics(LECTER_VERSION),
        status(LECTER_VERSION),
        liveness(system_clock, maxCycleGap(config.interval, config.ping_timeout)),
        clock(system_clock) {}
  PrometheusMetrics metrics;
  StatusBoard status;
  Liveness liveness;
  const Clock& clock;
  std::unique_ptr<HttpListener> listener;
  std::unique_ptr<Notifier> notifier;  // alerts; none with --once or --dry-run
};

/// The receivers' URLs (robots carry their token in them) and signing secrets, for redaction.
void rememberNotifySecrets(const Config& config) {
  for (const ReceiverConfig& receiver : config.notify.receivers) {
    secrets::remember(receiver.url);
    // The part after the host alone, should a message quote only the path and query.
    if (const auto host_at = receiver.url.find("://"); host_at != std::string::npos) {
      if (const auto path_at = receiver.url.find_first_of("/?", host_at + 3); path_at != std::string::npos) {
        secrets::remember(receiver.url.substr(path_at));
      }
    }
    secrets::remember(receiver.secret);
  }
}

std::string receiverList(const Config& config) {
  std::string text;
  for (const ReceiverConfig& receiver : config.notify.receivers) {
    text += (text.empty() ? "" : ", ") + receiver.name + " (" + std::string(toString(receiver.type)) + ")";
  }
  return text;
}

/// Alerts for the daemon: their log in Redis when storage_conf has one, so a restart neither repeats
/// nor forgets a message.
std::unique_ptr<Notifier> startNotifier(const Config& config, const Clock& clock, Metrics& metrics) {
  NotifierParts parts;
  parts.make_http = [](std::function<bool()> abandon) {
    return std::make_unique<CurlHttpClient>("", TlsOptions{}, std::move(abandon));
  };
  if (config.redis) {
    parts.store = std::make_unique<RedisNotificationLogStore>(*config.redis);
  } else {
    parts.store = std::make_unique<MemoryNotificationLogStore>();
  }
  parts.options.host = hostName();
  parts.options.metrics = &metrics;
  if (!config.notify.receivers.empty()) {
    log::info(
        "notify: alerts go to {}; a group waits {} ms, then {} ms between messages, repeats after {} ms",
        receiverList(config), config.notify.group_wait.count(), config.notify.group_interval.count(),
        config.notify.repeat_interval.count());
  }
  return std::make_unique<Notifier>(config, clock, std::move(parts));
}

/// The config file, its warnings logged. Loopback and other refused target addresses load when nothing
/// is written from them (--dry-run) or nothing is probed (lecter status).
LoadedConfig load(const CommandLine& cli, bool allow_refused_addresses) {
  LoadOptions options;
  options.allow_refused_addresses = allow_refused_addresses;
  options.leader_elect = cli.leader_elect;
  LoadedConfig loaded = loadConfigFile(cli.config_file, options);
  for (const auto& warning : loaded.warnings) log::warn("{}", warning);
  return loaded;
}

std::size_t targetCount(const Config& config) {
  std::size_t n = 0;
  for (const auto& s : config.services) n += s.targets.size();
  return n;
}

int check(const Config& config) {
  // Token and CA often exist only inside the pod, so here they are warnings, not errors.
  const ApiServerAccess access = resolveApiServerAccess(config);
  for (const auto& w : access.warnings) log::warn("{}", w);
  for (const auto& p : access.problems) log::warn("{} (an error when lecter runs)", p);
  if (!access.url.empty()) log::info("ApiServer {} (from {})", access.url, access.source);
  std::cout << config.source_path << ": OK, " << config.services.size() << " services, "
            << targetCount(config) << " targets";
  if (!config.notify.receivers.empty()) std::cout << ", alerts to " << receiverList(config);
  std::cout << "\n";
  return kExitOk;
}

/// `lecter status`: colours only for a terminal that has not asked for none (NO_COLOR).
int status(const CommandLine& cli) {
  const LoadedConfig loaded = load(cli, /*allow_refused_addresses=*/true);
  StatusCommandOptions status = cli.status;
  const char* term = std::getenv("TERM");
  status.color = isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr &&
                 (term == nullptr || std::string_view(term) != "dumb");
  SystemClock clock;
  return runStatusCommand(loaded.config, status, clock, std::cout, std::cerr);
}

/// `lecter notify-test`.
int notifyTest(const CommandLine& cli) {
  const LoadedConfig loaded = load(cli, /*allow_refused_addresses=*/true);
  rememberNotifySecrets(loaded.config);
  CurlHttpClient http("", TlsOptions{}, [] { return SignalFd::stopPending(); });
  SystemClock clock;
  return runNotifyTestCommand(loaded.config, cli.notify_test_receiver, http, toUnixMillis(clock.wallNow()),
                              std::cout, std::cerr);
}

/// One cycle; with --once or --dry-run, what it did is printed.
CycleReport runCycle(Runtime& runtime, bool print, Observability& seen) {
  if (DryRunCalls* sink = runtime.dryRun()) sink->clear();
  const SteadyTime started = seen.clock.now();
  CycleReport report = runtime.reconciler().runCycle();
  recordCycleMetrics(report, runtime.config().kubernetes.mode, seen.metrics);
  const long long ended_ms = toUnixMillis(seen.clock.wallNow());
  seen.metrics.cycleEnded(std::chrono::duration<double>(seen.clock.now() - started).count(),
                          static_cast<double>(ended_ms) / 1000.0);
  recordCycleStatus(report, ended_ms, seen.status);
  seen.liveness.cycleEnded();
  // A follower's view is not the one to alert on: the leader tells; with shards, each replica tells of
  // the services it writes.
  const auto standby = [](const ServiceReport& s) { return s.outcome == SyncOutcome::Standby; };
  const bool all_standby =
      !report.services.empty() && std::all_of(report.services.begin(), report.services.end(), standby);
  if (seen.notifier && !all_standby) {
    if (std::any_of(report.services.begin(), report.services.end(), standby)) {
      CycleReport own = report;
      std::erase_if(own.services, standby);
      seen.notifier->observe(own);
    } else {
      seen.notifier->observe(report);
    }
  }
  if (print) {
    printCycle(std::cout, report, runtime.dryRun());
    std::cout.flush();
  }
  return report;
}

int runOnce(Runtime& runtime, Observability& seen, Election* election) {
  if (election != nullptr) {
    election->tryOnce();
    if (!election->sharded() && !election->leading()) {
      const std::string holder = election->holder();
      std::cerr << "lecter: the lease " << election->elector().lease().ns << "/"
                << election->elector().lease().name << " is held by "
                << (holder.empty() ? std::string("another replica") : holder)
                << ", which writes: --once wrote nothing\n";
      return kExitWriteFailed;
    }
  }
  runtime.reconciler().restoreState();
  const int code = runCycle(runtime, true, seen).allSucceeded() ? kExitOk : kExitWriteFailed;
  if (election != nullptr) election->stopAndRelease();
  return code;
}

/// Starts my_conf.listen (or --listen), when set. Throws StartupError when it cannot listen.
void startListener(const CommandLine& cli, const Config& config, Observability& seen) {
  const std::string address = cli.listen.value_or(config.listen);
  if (address.empty()) return;
  const std::string what = cli.listen ? "--listen" : "my_conf.listen";
  try {
    seen.listener = startHttpListener(address, opsRoutes(seen.metrics, seen.liveness, seen.status));
  } catch (const ListenError& e) {
    throw StartupError(what + ": " + e.what());
  }
  log::info("listening on {} (port {}): /metrics, /healthz, /readyz, /status, /status.json", address,
            seen.listener->port());
}

/// The config file's text as a reload would read it; a file that cannot be read reads as its error.
std::string configText(const std::string& path) {
  FileRead file = readRegularFile(path, kConfigTextLimit);
  return file.ok() ? std::move(file.content) : "(unreadable: " + file.error + ")";
}

/// With leader election, the notifier runs only while this replica leads: a new leader reads the
/// notification log the last one kept (in Redis), so nothing is told twice.
void followRole(Election& election, const Config& config, const Clock& clock, Observability& seen) {
  const bool leading = election.noteRole();
  if (election.sharded()) {
    const ShardElector& shards = *election.shards();
    const std::set<std::size_t> owned = shards.ownedShards();
    seen.status.setElection(StatusElection{election.elector().identity(),
                                           false,
                                           "",
                                           static_cast<std::size_t>(config.kubernetes.shards),
                                           {owned.begin(), owned.end()},
                                           shards.liveReplicas()});
    // Every replica alerts on the services of its own shards.
    if (!seen.notifier) seen.notifier = startNotifier(config, clock, seen.metrics);
    return;
  }
  seen.status.setElection(
      StatusElection{election.elector().identity(), leading, election.holder(), 0, {}, 0});
  if (leading && !seen.notifier) {
    seen.notifier = startNotifier(config, clock, seen.metrics);
  } else if (!leading && seen.notifier) {
    seen.notifier.reset();
    log::info("notify: this replica no longer leads; the leader sends the alerts");
  }
}

int runDaemon(std::unique_ptr<Runtime> runtime, const CommandLine& cli, const RunOptions& options,
              const Clock& clock, SignalFd& signals, Observability& seen, Election* election) {
  runtime->reconciler().restoreState();
  // Reload when the file changes on disk, as on SIGHUP; the text tells a real change from any
  // other event in the folder, and one refused text is not tried again until it changes.
  ConfigFileWatch watch(cli.config_file);
  if (watch.fd() >= 0) {
    signals.alsoWakeOn(watch.fd());
  } else {
    log::warn("{}: changes are not seen ({}); SIGHUP reloads", cli.config_file, watch.problem());
  }
  std::string last_text = configText(cli.config_file);
  log::info("lecter {} watching {} services, {} targets, every {} ms", LECTER_VERSION,
            runtime->config().services.size(), targetCount(runtime->config()),
            runtime->config().interval.count());
  DaemonHooks hooks;
  hooks.cycle = [&] {
    // A fault in one cycle (a malformed answer, an allocation failure) must not end the daemon.
    try {
      if (election != nullptr) followRole(*election, runtime->config(), clock, seen);
      if (election != nullptr) election->cycleStarted();
      runCycle(*runtime, cli.dry_run, seen);
    } catch (const std::exception& e) {
      log::error("cycle failed, trying again next interval: {}", e.what());
    }
    // Also after a fault: a shard given up is released only once no cycle may be writing it.
    if (election != nullptr) election->cycleEnded();
  };
  hooks.interval = [&] { return runtime->config().interval; };
  hooks.config_changed = [&] {
    watch.takeEvents();
    std::string text = configText(cli.config_file);
    if (text == last_text) return false;
    last_text = std::move(text);
    return true;
  };
  hooks.reload = [&] {
    last_text = configText(cli.config_file);
    try {
      auto next = std::make_unique<Runtime>(load(cli, /*allow_refused_addresses=*/cli.dry_run).config,
                                            options, clock);
      next->reconciler().restoreHealth(runtime->reconciler());
      const KubernetesConfig& was = runtime->config().kubernetes;
      const KubernetesConfig& now = next->config().kubernetes;
      if (!(now.leader_election == was.leader_election) || now.shards != was.shards) {
        log::warn(
            "kubernetes_conf.leader_election or shards changed: the running election goes on as it was "
            "until lecter restarts");
      }
      if (!cli.listen && next->config().listen != runtime->config().listen) {
        log::warn("my_conf.listen changed to '{}': the listener stays on '{}' until lecter restarts",
                  next->config().listen, runtime->config().listen);
      }
      runtime = std::move(next);
      rememberNotifySecrets(runtime->config());
      if (seen.notifier) seen.notifier->reconfigure(runtime->config());
      seen.liveness.setMaxGap(maxCycleGap(runtime->config().interval, runtime->config().ping_timeout));
      seen.metrics.countConfigReload(true);
      log::info("config reloaded from {}", cli.config_file);
    } catch (const std::exception& e) {
      seen.metrics.countConfigReload(false);
      log::error("config reload refused, keeping the running config: {}", e.what());
    }
  };
  return Daemon(signals, clock, hooks).run();
}

}  // namespace

int runApp(int argc, char** argv) {
  // Before any thread exists (libcurl may start resolver threads), so every thread blocks them.
  SignalFd signals;

  CLI::App app{
      "lecter: keeps the Endpoints of selectorless Kubernetes Services in step with the health "
      "of the machines behind them"};
  CommandLine cli;
  app.add_option("-f,--file", cli.config_file,
                 "config file (default: ./config.yaml, ./conf/config.yaml, ./src/config.yaml)");
  CLI::Option* once =
      app.add_flag("--once", cli.once, "run one cycle and exit: 0 when every write succeeded, else 1");
  app.add_flag("--dry-run", cli.dry_run, "probe and compare, print what would be written; write nothing");
  app.add_flag("--check", cli.check, "validate the config and exit")->excludes(once);
  app.add_flag("--leader-elect", cli.leader_elect,
               "run as one of several replicas: only the holder of the Lease writes "
               "(kubernetes_conf.leader_election.enabled)");
  app.add_option("--listen", cli.listen,
                 "IP:PORT for /metrics, /healthz and /readyz (replaces my_conf.listen; empty: none)")
      ->check([](const std::string& text) {
        return text.empty() || parseListenAddress(text)
                   ? std::string()
                   : "expected IP:PORT, e.g. 127.0.0.1:9090 or [::]:9090";
      });
  app.add_option("--log-format", cli.log_format, "text (for people) or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  // The names log::setup takes; "warning" is how the lines name the level, so it is one of them.
  app.add_option("--log-level", cli.log_level, "trace, debug, info, warn (or warning), error or off")
      ->check([](const std::string& level) {
        return log::isLevelName(level) ? std::string()
                                       : "expected trace, debug, info, warn (or warning), error or off";
      });
  CLI::App* status_command = app.add_subcommand(
      "status",
      "show every target's state, from the daemon's /status.json (my_conf.listen) or else Redis; exit 0 when "
      "every service has a healthy target, 1 when one has none, 2 when neither could be read");
  status_command->add_option("-f,--file", cli.status_file, "config file (default: as for lecter)");
  status_command->add_option("--output", cli.status.output, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  status_command
      ->add_option("--from", cli.status.from, "auto (the listener when set, else Redis), listener or redis")
      ->check(CLI::IsMember({"auto", "listener", "redis"}));
  CLI::App* notify_test_command = app.add_subcommand(
      "notify-test",
      "send one test message to each receiver of notify.receivers and print each answer; exit 0 when every "
      "one arrived, 1 when one did not, 2 when there is no receiver");
  notify_test_command->add_option("-f,--file", cli.notify_test_file, "config file (default: as for lecter)");
  notify_test_command->add_option("--receiver", cli.notify_test_receiver, "only the receiver of this name");
  app.set_version_flag("--version", std::string("lecter ") + LECTER_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  // lecter status prints a table: only trouble belongs beside it on stderr, unless asked for more.
  if ((*status_command || *notify_test_command) && app.count("--log-level") == 0) cli.log_level = "warn";
  log::setup(cli.log_level, cli.log_format == "json" ? log::Format::Json : log::Format::Text);

  if (!cli.status_file.empty()) cli.config_file = cli.status_file;
  if (!cli.notify_test_file.empty()) cli.config_file = cli.notify_test_file;
  if (cli.config_file.empty()) cli.config_file = findDefaultConfigFile();
  if (cli.config_file.empty()) {
    std::cerr << "lecter: no config file: give -f FILE, or put one at ./config.yaml, ./conf/config.yaml or "
                 "./src/config.yaml\n";
    return kExitUsage;
  }

  try {
    if (*status_command) return status(cli);
    if (*notify_test_command) return notifyTest(cli);
    LoadedConfig loaded = load(cli, /*allow_refused_addresses=*/cli.dry_run);
    if (cli.check) return check(loaded.config);

    SystemClock clock;
    Observability seen(clock, loaded.config);
    seen.liveness.configLoaded();
    if (cli.listen && !cli.listen->empty()) cli.listen = parseListenAddress(*cli.listen);
    RunOptions options;
    options.once = cli.once;
    options.dry_run = cli.dry_run;
    options.interrupt_fd = signals.fd();
    options.interrupted = [&signals] { return signals.pending(); };
    options.stopping = [] { return SignalFd::stopPending(); };
    options.pause = [](std::chrono::milliseconds delay) { SignalFd::sleepUnlessStopping(delay); };
    options.metrics = &seen.metrics;
    options.liveness = &seen.liveness;
    std::unique_ptr<Election> election;
    if (loaded.config.kubernetes.leader_election.enabled) {
      if (cli.dry_run) {
        log::info("leader election: a dry run takes no Lease; it shows what it would write");
      } else {
        election = std::make_unique<Election>(loaded.config, clock, &seen.metrics, &seen.liveness);
        options.voter_identity = election->elector().identity();
        // The leader Lease's "namespace/name" tells apart, in a shared Redis, the votes of two deployments.
        const ObjectRef& lease = election->elector().lease();
        options.vote_board = lease.ns + "/" + lease.name;
        if (election->sharded()) {
          options.owns = [elected = election.get()](const ServiceSpec& service) {
            return elected->owns(service);
          };
        } else {
          options.may_write = [elected = election.get()] { return elected->leading(); };
        }
      }
    }
    auto runtime = std::make_unique<Runtime>(std::move(loaded.config), options, clock);
    if (cli.once) return runOnce(*runtime, seen, election.get());
    startListener(cli, runtime->config(), seen);
    rememberNotifySecrets(runtime->config());
    // A dry run tells nobody: what it would write is printed, and nothing is paged. An elected
    // replica starts its notifier when it leads.
    if (cli.dry_run) {
      if (!runtime->config().notify.receivers.empty())
        log::info("notify: a dry run sends no alerts (to {})", receiverList(runtime->config()));
    } else if (!election) {
      seen.notifier = startNotifier(runtime->config(), clock, seen.metrics);
    }
    if (election) election->start();
    const int code = runDaemon(std::move(runtime), cli, options, clock, signals, seen, election.get());
    // The writes are over (finished or abandoned): the alerts stop, then the Lease is given up so a
    // follower takes over at its next try.
    seen.notifier.reset();
    if (election) election->stopAndRelease();
    return code;
  } catch (const ConfigError& e) {
    std::cerr << "lecter: " << e.what() << "\n";
    return kExitUsage;
  } catch (const StartupError& e) {
    std::cerr << "lecter: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace lecter
