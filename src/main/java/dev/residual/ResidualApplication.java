package dev.residual;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Residual: trains and serves the ResNets of fastbook chapter 14 on DJL's PyTorch engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResidualApplication {

  public static void main(String[] args) {
    SpringApplication.run(ResidualApplication.class, args);
  }
}
