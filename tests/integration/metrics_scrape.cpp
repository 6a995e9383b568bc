#include "metrics_scrape.h"

#include <httplib.h>

#include <sstream>

namespace lecter::testing {

HttpGot httpGet(std::uint16_t port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  const auto answer = client.Get(path);
  if (!answer) return {};
  return HttpGot{answer->status, answer->body};
}

std::optional<double> sampleValue(const std::string& exposition, const std::string& name,
                                  const std::map<std::string, std::string>& labels) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t end_of_name = line.find_first_of("{ ");
    if (end_of_name == std::string::npos || line.substr(0, end_of_name) != name) continue;
    const std::size_t space = line.rfind(' ');
    const std::string label_text = line.substr(end_of_name, space - end_of_name);
    bool all = true;
    for (const auto& [label, value] : labels) {
      const std::string pair = label + "=\"" + value + "\"";
      all = all && (label_text.find("{" + pair) != std::string::npos ||
                    label_text.find("," + pair) != std::string::npos);
    }
    if (all) return std::stod(line.substr(space + 1));
  }
  return std::nullopt;
}

}  // namespace lecter::testing
