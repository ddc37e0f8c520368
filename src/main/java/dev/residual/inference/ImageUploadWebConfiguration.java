package dev.residual.inference;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets prediction endpoints take an {@link ImageUpload.Batch} parameter. */
@Configuration(proxyBeanMethods = false)
class ImageUploadWebConfiguration implements WebMvcConfigurer {

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new ImageUploadResolver());
  }
}
