#pragma once
// One request to the ApiServer fixture over HTTPS (trusting its CA, with a bearer token), and its answer.

#include <httplib.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/apiserver_fixture.h"

namespace lecter::testing {

struct Answer {
  bool answered = false;
  int status = 0;
  nlohmann::json body;
  bool warned = false;  // a Warning header came with it
};

inline Answer send(const ApiServerFixture& api, const std::string& method, const std::string& path,
                   const std::string& body = "", const std::string& content_type = "application/json",
                   const std::string& token = "test-token") {
  httplib::Client client(api.url());
  client.enable_server_certificate_verification(true);
  client.set_ca_cert_path(api.caFile().c_str());
  const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  httplib::Result result = method == "POST"  ? client.Post(path.c_str(), headers, body, content_type.c_str())
                           : method == "PUT" ? client.Put(path.c_str(), headers, body, content_type.c_str())
                           : method == "DELETE" ? client.Delete(path.c_str(), headers)
                                                : client.Get(path.c_str(), headers);
  Answer answer;
  if (!result) return answer;
  answer.answered = true;
  answer.status = result->status;
  answer.body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  answer.warned = result->has_header("Warning");
  return answer;
}

/// metadata.name of each item of a list, in order.
inline std::vector<std::string> namesOf(const nlohmann::json& items) {
  std::vector<std::string> names;
  for (const nlohmann::json& item : items) names.push_back(item["metadata"]["name"]);
  return names;
}

}  // namespace lecter::testing
