#include <immintrin.h>
#include <stdio.h>
#include <time.h>
int main(){
  __m256d a[10]; for(int i=0;i<10;i++) a[i]=_mm256_set1_pd(i*0.1);
  __m256d x=_mm256_set1_pd(0.999999), y=_mm256_set1_pd(1e-9);
  long n=200000000;
  struct timespec t0,t1; clock_gettime(CLOCK_MONOTONIC,&t0);
  for(long k=0;k<n;k++){ for(int i=0;i<10;i++) a[i]=_mm256_fmadd_pd(a[i],x,y); }
  clock_gettime(CLOCK_MONOTONIC,&t1);
  double ns=(t1.tv_sec-t0.tv_sec)*1e9+(t1.tv_nsec-t0.tv_nsec);
  double s=0; for(int i=0;i<10;i++){ double b[4]; _mm256_storeu_pd(b,a[i]); s+=b[0]; }
  printf("%.3f vector FMAs per ns (sum %g)\n", n*10.0/ns, s);
  // dependent integer add chain for clock
  volatile long z=0; long c=0; clock_gettime(CLOCK_MONOTONIC,&t0);
  for(long k=0;k<1000000000;k++){ __asm__ volatile("add $1, %0" : "+r"(c)); }
  clock_gettime(CLOCK_MONOTONIC,&t1); z=c;
  ns=(t1.tv_sec-t0.tv_sec)*1e9+(t1.tv_nsec-t0.tv_nsec);
  printf("%.3f loop iterations per ns (about the clock in GHz)\n", 1e9/ns);
}
