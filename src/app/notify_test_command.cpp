#include "notify_test_command.h"

#include <ostream>

#include "lecter/base/host_name.h"
#include "lecter/notify/receiver.h"
#include "lecter/obs/secrets.h"

namespace lecter {

int runNotifyTestCommand(const Config& config, const std::string& receiver, HttpClient& http,
                         long long now_ms, std::ostream& out, std::ostream& err) {
  const MessageContext context{now_ms, hostName(), config.notify.external_url};
  int tried = 0;
  int failed = 0;
  for (const ReceiverConfig& each : config.notify.receivers) {
    if (!receiver.empty() && each.name != receiver) continue;
    ++tried;
    const std::unique_ptr<Receiver> protocol = makeReceiver(each);
    const SendVerdict verdict = protocol->readAnswer(http.send(protocol->testRequest(context)));
    out << each.name << " (" << toString(each.type)
        << "): " << (verdict.delivered ? "delivered" : "NOT delivered") << " ("
        << secrets::redact(verdict.detail) << ")\n";
    if (!verdict.delivered) ++failed;
  }
  if (tried == 0) {
    if (receiver.empty()) {
      err << "lecter: " << config.source_path << " has no notify.receivers\n";
    } else {
      err << "lecter: " << config.source_path << " has no receiver named " << receiver
          << " in notify.receivers\n";
    }
    return 2;
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace lecter
