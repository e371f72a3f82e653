; Calls the compiled entry point @chain(input, output, arena) on fixed data
; and prints the output, one value per line.
@input = internal constant [8 x float] [float -2.0, float -1.0, float 0.0, float 0.5, float 1.0, float 2.0, float 3.0, float 4.0]
@output = internal global [8 x float] zeroinitializer, align 64
@arena = internal global [4096 x i8] zeroinitializer, align 64
@fmt = private constant [4 x i8] c"%g\0A\00"

declare void @chain(ptr, ptr, ptr)
declare i32 @printf(ptr, ...)

define i32 @main() {
entry:
  call void @chain(ptr @input, ptr @output, ptr @arena)
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr float, ptr @output, i64 %i
  %v = load float, ptr %p
  %d = fpext float %v to double
  call i32 (ptr, ...) @printf(ptr @fmt, double %d)
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, 8
  br i1 %done, label %exit, label %loop
exit:
  ret i32 0
}
