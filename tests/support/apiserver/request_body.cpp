#include "support/apiserver/request_body.h"

#include <stdexcept>

#include "support/apiserver/status.h"
#include "support/apiserver/yaml_to_json.h"

namespace lecter::testing {

DecodedBody decodeRequestBody(const std::string& media_type, const std::string& body) {
  DecodedBody decoded;
  try {
    if (media_type == "application/json") {
      decoded.object = nlohmann::json::parse(body);
    } else if (media_type == "application/yaml") {
      decoded.object = yamlToJson(body);
    } else {
      decoded.refusal = {415, unsupportedMediaTypeStatus(media_type)};
    }
  } catch (const nlohmann::json::parse_error& e) {
    decoded.refusal = {
        400, badRequestStatus(std::string("couldn't get version/kind; json parse error: ") + e.what())};
  } catch (const std::runtime_error& e) {
    decoded.refusal = {400, badRequestStatus(e.what())};
  }
  return decoded;
}

}  // namespace lecter::testing
