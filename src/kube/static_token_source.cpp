#include <string>
#include <utility>

#include "lecter/kube/token_source.h"

namespace lecter {

StaticTokenSource::StaticTokenSource(std::string token) : token_(std::move(token)) {}

std::string StaticTokenSource::token(std::string* error) {
  if (error != nullptr) error->clear();
  return token_;
}

}  // namespace lecter
